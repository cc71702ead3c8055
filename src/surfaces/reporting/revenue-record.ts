import { z } from "@hono/zod-openapi";
import { ledgerSources, type StoredLedgerRow } from "../../ledger";
import { formatMinorUnits } from "../../money";

/** A ledger record as the native API shows it (contract §7). */
export const revenueRecord = z
  .object({
    id: z.string(),
    source: z.enum(ledgerSources),
    external_id: z.string().nullable().openapi({ description: "Transaction id, Reference or message id as sent" }),
    amount: z.string().openapi({ description: "Exact decimal text in major units", example: "499.99" }),
    amount_minor: z.number().int().openapi({ description: "Integer minor units of the currency", example: 49999 }),
    currency: z.string().openapi({ example: "USD" }),
    occurred_at: z.string(),
    event_type: z.string().nullable(),
    customer_id: z.string().nullable(),
    labels: z.array(z.string()).nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    job_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("RevenueRecord");

export type RevenueRecordView = z.infer<typeof revenueRecord>;
export function toRevenueRecord(row: StoredLedgerRow): RevenueRecordView {
  return {
    id: row.id,
    source: row.source,
    external_id: row.externalId,
    amount: formatMinorUnits(row.amountMinor, row.currency),
    amount_minor: row.amountMinor,
    currency: row.currency,
    occurred_at: row.occurredAt,
    event_type: row.eventType,
    customer_id: row.customerId,
    labels: row.labels ?? null,
    metadata: row.metadata ?? null,
    job_id: row.jobId,
    created_at: row.createdAt,
  };
}
