import { readCsvRows } from "./csv";
import { type AccountFileFormat, detectAccountFileFormat } from "./detect";
import type { FileRow } from "./field-value";
import { MAX_FILE_BYTES } from "./limits";
import { type AccountRecord, readAccountRecords } from "./record";
import { type AccountFileError, FileRefusal } from "./refusal";
import { decodeUtf8File } from "./text";
import { readXlsxRows } from "./xlsx";
import { readXmlRows } from "./xml";

export type AccountFileResult =
  | { ok: true; format: AccountFileFormat; records: AccountRecord[] }
  | { ok: false; format: AccountFileFormat | null; errors: AccountFileError[] };

const fileError = (message: string): AccountFileError => ({ record: null, field: "file", message });

function readRows(format: AccountFileFormat, bytes: Uint8Array): FileRow[] {
  switch (format) {
    case "csv":
      return readCsvRows(decodeUtf8File(bytes, "CSV"));
    case "xml":
      return readXmlRows(decodeUtf8File(bytes, "XML"));
    case "xlsx":
      return readXlsxRows(bytes);
  }
}

/**
 * Reads an account revenue file (CSV, XLSX or XML, told apart by content and name) and applies
 * the record rules, in `currency` (the site's default). Pure: no storage, no I/O.
 * Never throws for anything a client can send: an unreadable, oversized or malicious file
 * comes back as errors, so a Worker cannot be crashed by an upload.
 */
export function readAccountFile(input: { bytes: Uint8Array; filename?: string; currency: string }): AccountFileResult {
  const { bytes, filename, currency } = input;
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, format: null, errors: [fileError("The file is larger than 2 MiB (2,097,152 bytes).")] };
  }
  if (bytes.length === 0) return { ok: false, format: null, errors: [fileError("The file is empty.")] };
  let format: AccountFileFormat;
  try {
    format = detectAccountFileFormat(bytes, filename);
  } catch (err) {
    if (err instanceof FileRefusal) return { ok: false, format: null, errors: [fileError(err.message)] };
    throw err;
  }
  let rows: FileRow[];
  try {
    rows = readRows(format, bytes);
  } catch (err) {
    if (err instanceof FileRefusal) return { ok: false, format, errors: [fileError(err.message)] };
    // Anything else is a reader meeting input it did not expect (a RangeError from a deeply
    // recursive structure, a decoder error…): still the file's fault, never the Worker's.
    return { ok: false, format, errors: [fileError(`The file could not be read as ${format.toUpperCase()}.`)] };
  }
  const result = readAccountRecords(rows, currency);
  return result.ok ? { ok: true, format, records: result.records } : { ok: false, format, errors: result.errors };
}
