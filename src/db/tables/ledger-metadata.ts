import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Search index of ledger metadata: one row per scalar leaf of a record's `metadata` JSON
 * (`key` is its JSON path without `$.`, e.g. `plan` or `additional_data.Source`; `value` its
 * text: numbers as written, booleans `true`/`false`; nulls and values over 256 characters are
 * not indexed). Kept by triggers on `ledger` (migration `*_ledger_metadata_triggers.sql`), so
 * every surface's writes, deletes and updates keep it right without any writer knowing of it.
 * Read by `GET /v1/{siteId}/revenue?metadata_value=…&metadata_key=…`.
 */
export const ledgerMetadata = sqliteTable(
  "ledger_metadata",
  {
    ledgerId: text("ledger_id").notNull(),
    siteId: text("site_id").notNull(),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ledgerId, t.key] }),
    // "any key with this value" and "this key with this value" (or just "has this key"),
    // both covering: the ledger id comes from the index without a table lookup.
    index("ledger_metadata_site_value_idx").on(t.siteId, t.value, t.ledgerId),
    index("ledger_metadata_site_key_value_idx").on(t.siteId, t.key, t.value, t.ledgerId),
  ],
);
