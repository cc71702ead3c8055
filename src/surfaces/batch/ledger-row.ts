// How a batch-surface record (CSV row or single upload) is kept in the ledger beyond its
// amount, currency and date: identifiers, lead date and additional properties go to `metadata`
// (shown as is by GET /v1/{siteId}/revenue), labels to `labels`.
import { canonicalDate, isoMillis } from "../../formats/revenue-csv/dates";
import { type BatchRevenueRecord, revenueDedupeKey } from "../../formats/revenue-csv/record";
import { LEDGER_SOURCE, type LedgerRow, ledgerInsert } from "../../ledger";

export function ledgerMetadata(record: BatchRevenueRecord): Record<string, unknown> {
  const visitor: Record<string, string> = {};
  for (const [key, value] of Object.entries(record.visitor)) if (value !== undefined) visitor[key] = value;
  return {
    revenue_closed_date: canonicalDate(record.closedDate),
    lead_date: record.leadDate ? canonicalDate(record.leadDate) : null,
    visitor_identifiers: visitor,
    additional_data: record.additionalData,
  };
}

/** The ledger columns of a batch-surface record; batch chunks add the job (chunk-store.ts). */
export const RECORD_LEDGER_COLUMNS = [
  "id",
  "dedupeKey",
  "externalId",
  "amountMinor",
  "currency",
  "occurredAt",
  "labels",
  "metadata",
] as const;
export type RecordLedgerRow = Pick<LedgerRow, (typeof RECORD_LEDGER_COLUMNS)[number]>;

/** The ledger row of a record, under the idempotency key shared by batch rows and single uploads. */
export function recordLedgerRow(id: string, record: BatchRevenueRecord): RecordLedgerRow {
  return {
    id,
    dedupeKey: revenueDedupeKey(record),
    externalId: record.reference,
    amountMinor: record.amountMinor,
    currency: record.currency,
    occurredAt: isoMillis(record.closedDate),
    labels: record.labels,
    metadata: ledgerMetadata(record),
  };
}

const INSERT_SINGLE = ledgerInsert({ bound: ["siteId", "source"], perRow: RECORD_LEDGER_COLUMNS });

/** Stores one record of `PUT …/revenue/upload`; false when its key is already in the ledger. */
export async function insertSingleRecord(d1: D1Database, siteId: string, id: string, record: BatchRevenueRecord): Promise<boolean> {
  const [insert] = INSERT_SINGLE.statements(d1, { siteId, source: LEDGER_SOURCE.single }, [recordLedgerRow(id, record)]);
  const result = await insert!.run();
  return result.meta.changes > 0;
}
