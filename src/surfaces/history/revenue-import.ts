// `POST /v2/history/revenue` behind the HTTP edge: validate every record, resolve messages,
// offers and contacts set-wise, drop duplicates, write the rest in one transaction, and account
// for every record (saved, or one error with its index).
import { formatMinorUnits } from "../../money";
import { readExternalId } from "./external-id";
import type { RecordError, RevenueRecordErrorCode } from "./record-errors";
import { type HistoryRevenueRecord, validateHistoryRevenueRecord } from "./revenue-record";
import { findRevenueTargets, type HistoryLedgerRow, saveHistoryRevenue } from "./revenue-store";

export type RevenueImportResult = {
  /** The site's default currency: every amount of the import is in it. */
  currency: string;
  successCount: number;
  errorCount: number;
  /** Sum of the saved records, in minor units of the site's currency. */
  totalRevenueMinor: number;
  /** Every refused record, in request order (the route lists the first 100). */
  errors: RecordError<RevenueRecordErrorCode>[];
};

export type RevenueImportOptions = {
  nowMs: number;
  newLedgerId: () => string;
  /** Told why a save failed (the client only sees `save_error`). */
  onSaveError?: (cause: unknown) => void;
};

export async function importRevenueRecords(
  db: D1Database,
  siteId: string,
  records: readonly unknown[],
  options: RevenueImportOptions,
): Promise<RevenueImportResult> {
  const errors: RecordError<RevenueRecordErrorCode>[] = [];
  const fail = (index: number, code: RevenueRecordErrorCode, error: string) =>
    errors.push({ index, code, error: `Record ${index}: ${error}` });

  // The ids are read before the full validation (which needs the site's currency), so the
  // currency and every look-up share one round trip.
  const messageIds = new Set<string>();
  const offerIds = new Set<string>();
  for (const raw of records) {
    if (typeof raw !== "object" || raw === null) continue;
    const { message_id, offer_id } = raw as Record<string, unknown>;
    const m = readExternalId(message_id, "message_id");
    const o = readExternalId(offer_id, "offer_id");
    if (m.ok && o.ok) {
      messageIds.add(m.id);
      offerIds.add(o.id);
    }
  }
  const targets = await findRevenueTargets(db, siteId, [...messageIds], [...offerIds]);
  if (targets.currency === undefined) throw new Error(`site ${siteId} not found`);
  const currency = targets.currency;

  const valid: HistoryRevenueRecord[] = [];
  records.forEach((raw, index) => {
    const r = validateHistoryRevenueRecord(raw, index, { currency, nowMs: options.nowMs });
    if (r.ok) valid.push(r.record);
    else errors.push(r.error);
  });

  const firstOfKey = new Map<string, number>();
  const rows: (HistoryLedgerRow & { index: number })[] = [];
  for (const r of valid) {
    const contactId = targets.messages.get(r.messageId);
    if (contactId === undefined) {
      fail(r.index, "message_not_found", `no message exists with message_id ${JSON.stringify(r.messageId)}`);
    } else if (!targets.offers.has(r.offerId)) {
      fail(r.index, "offer_not_found", `no offer exists with offer_id ${JSON.stringify(r.offerId)}`);
    } else if (contactId === null) {
      fail(
        r.index,
        "contact_not_found",
        `the contact of message ${JSON.stringify(r.messageId)} could not be found (import the contact, then retry this record)`,
      );
    } else if (firstOfKey.has(r.dedupeKey)) {
      fail(
        r.index,
        "duplicate_record",
        `duplicate of record ${firstOfKey.get(r.dedupeKey)} in this request (same message_id, offer_id and timestamp)`,
      );
    } else {
      firstOfKey.set(r.dedupeKey, r.index);
      rows.push({
        index: r.index,
        id: options.newLedgerId(),
        dedupeKey: r.dedupeKey,
        messageId: r.messageId,
        offerId: r.offerId,
        amountMinor: r.amountMinor,
        payout: r.payoutMinor === null ? null : formatMinorUnits(r.payoutMinor, currency),
        occurredAt: r.occurredAt,
        attributionType: r.attributionType,
        contactId,
      });
    }
  }

  let successCount = 0;
  let totalRevenueMinor = 0;
  const saved = await saveHistoryRevenue(db, siteId, currency, rows);
  if (!saved.ok) options.onSaveError?.(saved.cause);
  for (const row of rows) {
    if (!saved.ok) {
      fail(row.index, "save_error", "an unexpected error occurred while saving the record; nothing was saved for it, retry it");
    } else if (saved.landed.has(row.id)) {
      successCount += 1;
      totalRevenueMinor += row.amountMinor;
    } else {
      fail(row.index, "duplicate_record", "already imported (same message_id, offer_id and timestamp)");
    }
  }

  errors.sort((a, b) => a.index - b.index);
  return { currency, successCount, errorCount: errors.length, totalRevenueMinor, errors };
}
