import { sql } from "drizzle-orm";

/** SQL default for ISO 8601 UTC timestamps with milliseconds and `Z` (contract §0). */
export const isoNow = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
