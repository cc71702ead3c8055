import { sql } from "drizzle-orm";

/**
 * SQL expression of the current time as ISO 8601 UTC with milliseconds and `Z` (contract §0).
 * Raw statements use this text; drizzle column defaults use `isoNow`.
 */
export const ISO_NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/** SQL default for ISO 8601 UTC timestamps with milliseconds and `Z` (contract §0). */
export const isoNow = sql.raw(`(${ISO_NOW_SQL})`);
