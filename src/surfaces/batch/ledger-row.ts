// How a batch-surface record (CSV row or single upload) is kept in the ledger beyond its
// amount, currency and date: identifiers, lead date and additional properties go to `metadata`
// (shown as is by GET /v1/{siteId}/revenue), labels to `labels`.
import { canonicalDate, isoMillis } from "../../formats/revenue-csv/dates";
import { revenueDedupeKey, type RevenueRecord } from "../../formats/revenue-csv/record";

export function ledgerMetadata(record: RevenueRecord): Record<string, unknown> {
  const visitor: Record<string, string> = {};
  for (const [key, value] of Object.entries(record.visitor)) if (value !== undefined) visitor[key] = value;
  return {
    revenue_closed_date: canonicalDate(record.closedDate),
    lead_date: record.leadDate ? canonicalDate(record.leadDate) : null,
    visitor_identifiers: visitor,
    additional_data: record.additionalData,
  };
}

const INSERT_SINGLE = `
INSERT INTO ledger (id, site_id, source, dedupe_key, external_id, amount_minor, currency, occurred_at, labels, metadata)
VALUES (?1, ?2, 'single', ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT DO NOTHING`;

/** Stores one record of `PUT …/revenue/upload`; false when its key is already in the ledger. */
export async function insertSingleRecord(d1: D1Database, siteId: string, id: string, record: RevenueRecord): Promise<boolean> {
  const result = await d1
    .prepare(INSERT_SINGLE)
    .bind(
      id,
      siteId,
      revenueDedupeKey(record),
      record.reference,
      record.amountMinor,
      record.currency,
      isoMillis(record.closedDate),
      JSON.stringify(record.labels),
      JSON.stringify(ledgerMetadata(record)),
    )
    .run();
  return result.meta.changes > 0;
}
