import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Search index of the metadata clients send with ledger records: one row per indexed value
 * (`key` is its path: `plan`, `buyer.email` for events; `visitor_identifiers.EmailAddress`,
 * `additional_data.Source` for CSV batch rows and single uploads; `value` its text, numbers as
 * written, booleans `true`/`false`). Kept by triggers on `ledger` (migration
 * `*_ledger_metadata_triggers.sql`, which says what is indexed), so no writer needs to know of
 * it. One B-tree beside the rowid: the primary key (site, value, key, ledger id) answers "this
 * value" and "this key with this value" as a prefix, and a deleted record's rows are found by
 * its own values. Read by `GET /v1/{siteId}/revenue?metadata_value=…[&metadata_key=…]`.
 */
export const ledgerMetadata = sqliteTable(
  "ledger_metadata",
  {
    siteId: text("site_id").notNull(),
    value: text("value").notNull(),
    key: text("key").notNull(),
    ledgerId: text("ledger_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.value, t.key, t.ledgerId] })],
);
