// `POST /v2/history/revenue` behind the HTTP edge: validate every record, drop repeats within
// the request, write the rest in one transaction that resolves messages, offers and contacts
// set-wise (./revenue-store.ts), and account for every record (saved, or one error with its
// index).
import { formatMinorUnits } from "../../money";
import type { RecordError, RevenueRecordErrorCode } from "./record-errors";
import { type HistoryRevenueRecord, validateHistoryRevenueRecord } from "./revenue-record";
import { type HistoryLedgerRow, saveHistoryRevenue, siteCurrency } from "./revenue-store";

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

  const currency = await siteCurrency(db, siteId);
  if (currency === undefined) throw new Error(`site ${siteId} not found`);

  // The first record of each key is written; a later one with the same key (same message,
  // offer and timestamp, so the same look-ups) is told apart once the first one's fate is known.
  const firstOfKey = new Map<string, number>();
  const repeats: HistoryRevenueRecord[] = [];
  const rows: (HistoryLedgerRow & { index: number })[] = [];
  records.forEach((raw, index) => {
    const r = validateHistoryRevenueRecord(raw, index, { currency, nowMs: options.nowMs });
    if (!r.ok) {
      errors.push(r.error);
    } else if (firstOfKey.has(r.record.dedupeKey)) {
      repeats.push(r.record);
    } else {
      firstOfKey.set(r.record.dedupeKey, index);
      const v = r.record;
      rows.push({
        index,
        id: options.newLedgerId(),
        dedupeKey: v.dedupeKey,
        messageId: v.messageId,
        offerId: v.offerId,
        amountMinor: v.amountMinor,
        payout: v.payoutMinor === null ? null : formatMinorUnits(v.payoutMinor, currency),
        occurredAt: v.occurredAt,
        attributionType: v.attributionType,
      });
    }
  });

  const saved = await saveHistoryRevenue(db, siteId, currency, rows);
  if (!saved.ok) options.onSaveError?.(saved.cause);

  // Why a record whose message, contact or offer is missing was not written (in this order).
  const refusal = (r: { messageId: string; offerId: string }): [RevenueRecordErrorCode, string] | undefined => {
    const targets = saved.targets;
    if (!targets) return undefined;
    const contactId = targets.messages.get(r.messageId);
    if (contactId === undefined) return ["message_not_found", `no message exists with message_id ${JSON.stringify(r.messageId)}`];
    if (!targets.offers.has(r.offerId)) return ["offer_not_found", `no offer exists with offer_id ${JSON.stringify(r.offerId)}`];
    if (contactId === null) {
      return [
        "contact_not_found",
        `the contact of message ${JSON.stringify(r.messageId)} could not be found (import the contact, then retry this record)`,
      ];
    }
    return undefined;
  };
  const SAVE_ERROR = "an unexpected error occurred while saving the record; nothing was saved for it, retry it";

  let successCount = 0;
  let totalRevenueMinor = 0;
  for (const row of rows) {
    const refused = refusal(row);
    if (saved.ok && saved.landed.has(row.id)) {
      successCount += 1;
      totalRevenueMinor += row.amountMinor;
    } else if (refused) {
      fail(row.index, ...refused);
    } else if (!saved.ok || !saved.targets) {
      fail(row.index, "save_error", SAVE_ERROR);
    } else {
      fail(row.index, "duplicate_record", "already imported (same message_id, offer_id and timestamp)");
    }
  }
  for (const r of repeats) {
    const refused = refusal(r);
    if (refused) fail(r.index, ...refused);
    else if (!saved.targets) fail(r.index, "save_error", SAVE_ERROR);
    else {
      fail(
        r.index,
        "duplicate_record",
        `duplicate of record ${firstOfKey.get(r.dedupeKey)} in this request (same message_id, offer_id and timestamp)`,
      );
    }
  }

  errors.sort((a, b) => a.index - b.index);
  return { currency, successCount, errorCount: errors.length, totalRevenueMinor, errors };
}
