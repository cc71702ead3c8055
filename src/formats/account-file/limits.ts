// Limits of the account-file surface (contract §6) and of the readers' defences. The upload
// limit is what clients see; the others bound what a hostile file can make a Worker do
// (128 MB isolate), so each is refused with a clear error before it can hurt.

/** Largest accepted file: 2 MiB. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Most records in one file (a header row does not count). */
export const MAX_RECORDS = 1_000;

/** Longest schedule one record may expand into (10 years), so 1,000 records stay storable. */
export const MAX_SCHEDULE_MONTHS = 120;

/** Longest account name and description, in characters. */
export const MAX_ACCOUNT_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 1_000;

/** Fields a record may have: account, amount, start, end, type, description. */
export const MAX_FIELDS = 6;

/** Longest text of a single field or cell while reading (before record rules apply). */
export const MAX_FIELD_CHARS = 10_000;

/** XML nesting depth (record files and XLSX parts). Real files need fewer than 10 levels. */
export const MAX_XML_DEPTH = 32;

/** XLSX (a zip): entries in the directory, uncompressed bytes of one part and of all parts read. */
export const MAX_ZIP_ENTRIES = 1_000;
export const MAX_XLSX_PART_BYTES = 8 * 1024 * 1024;
export const MAX_XLSX_TOTAL_BYTES = 16 * 1024 * 1024;

/**
 * Shared strings (the workbook-wide string table). A 1,000-record sheet needs at most
 * 6,006 distinct strings; the cap leaves room for other sheets without letting a table of
 * millions of tiny strings exhaust memory.
 */
export const MAX_SHARED_STRINGS = 50_000;

/** Highest column read from a sheet row; anything further right is an error if not empty. */
export const MAX_SHEET_COLUMNS = 16_384;
