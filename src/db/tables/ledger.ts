import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ledgerSources } from "../../ledger/sources";
import { isoNow } from "../columns";
import { sites } from "./tenancy";

/**
 * The one revenue ledger every surface writes to. Amounts are integer minor units of
 * `currency` (never floats). `dedupeKey` is namespaced by the surface's idempotency rule
 * (`event:<transaction_id>`, `ref:<Reference>|<RevenueClosedDate>`, …) and unique per site,
 * so a redelivered queue message or a client retry cannot store a record twice.
 * Rows are written only through src/ledger (one statement builder, one idempotency rule).
 */
export const ledger = sqliteTable(
  "ledger",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    source: text("source", { enum: ledgerSources }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    /** Transaction id, Reference, message id… as the client sent it. */
    externalId: text("external_id"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    occurredAt: text("occurred_at").notNull(),
    eventType: text("event_type"),
    customerId: text("customer_id"),
    labels: text("labels", { mode: "json" }).$type<string[]>(),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    jobId: text("job_id"),
    visitorFingerprint: text("visitor_fingerprint"),
    sessionId: text("session_id"),
    paymentProcessor: text("payment_processor"),
    subscriptionId: text("subscription_id"),
    /** Signed MRR delta in minor units of `currency`. */
    mrrImpactMinor: integer("mrr_impact_minor"),
    /** See `LedgerRow.isRecurring` in src/ledger/row.ts: the rule `/mrr` relies on. */
    isRecurring: integer("is_recurring", { mode: "boolean" }),
    createdAt: text("created_at").notNull().default(isoNow),
  },
  (t) => [
    uniqueIndex("ledger_site_dedupe_uq").on(t.siteId, t.dedupeKey),
    index("ledger_site_occurred_idx").on(t.siteId, t.occurredAt, t.id),
    index("ledger_job_idx").on(t.jobId),
  ],
);
