// One record of `POST /v2/history/revenue`, checked without storage: field presence, types,
// money in the site's currency, timestamp and attribution type. What needs storage (does the
// message/offer/contact exist, was it imported before) is decided later, set-wise, by
// revenue-import.ts.
import { readAmount } from "./amount-field";
import { readExternalId } from "./external-id";
import { parseIsoTimestamp } from "./iso-timestamp";
import type { RecordError, RevenueRecordErrorCode } from "./record-errors";

export const attributionTypes = ["sale", "click", "click_through", "send", "migration"] as const;
export type AttributionType = (typeof attributionTypes)[number];
export const DEFAULT_ATTRIBUTION_TYPE: AttributionType = "sale";

/**
 * How far ahead of the server's clock a timestamp may be before it counts as "in the future"
 * (clients stamping records with their own "now" run a little fast or slow).
 */
export const FUTURE_TOLERANCE_MS = 60_000;

export type HistoryRevenueRecord = {
  index: number;
  messageId: string;
  offerId: string;
  amountMinor: number;
  payoutMinor: number | null;
  /** Normalised ISO 8601 UTC with milliseconds (see iso-timestamp.ts). */
  occurredAt: string;
  attributionType: AttributionType;
  /** Ledger dedupe key: same message_id, offer_id and timestamp = the same record. */
  dedupeKey: string;
};

export type RevenueRecordContext = {
  /** The site's default currency: every history amount is in it. */
  currency: string;
  /** The request's clock (epoch ms): the default timestamp and the "future" line. */
  nowMs: number;
};

export type RevenueRecordResult = { ok: true; record: HistoryRevenueRecord } | { ok: false; error: RecordError<RevenueRecordErrorCode> };

export function validateHistoryRevenueRecord(raw: unknown, index: number, ctx: RevenueRecordContext): RevenueRecordResult {
  const fail = (code: RevenueRecordErrorCode, error: string): RevenueRecordResult => ({
    ok: false,
    error: { index, code, error: `Record ${index}: ${error}` },
  });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail("missing_message_id", "must be an object with message_id, offer_id and revenue");
  }
  const r = raw as Record<string, unknown>;

  const messageId = readExternalId(r.message_id, "message_id");
  if (!messageId.ok) {
    // An id longer than any stored one cannot name a message: that is "not found", not "missing".
    return fail(messageId.reason === "too_long" ? "message_not_found" : "missing_message_id", messageId.error);
  }
  const offerId = readExternalId(r.offer_id, "offer_id");
  if (!offerId.ok) return fail(offerId.reason === "too_long" ? "offer_not_found" : "missing_offer_id", offerId.error);

  const revenue = readAmount(r.revenue, "revenue", ctx.currency);
  if (!revenue.ok) return fail(revenue.reason === "missing" ? "missing_revenue" : "invalid_revenue", revenue.error);

  let payoutMinor: number | null = null;
  if (r.payout !== undefined && r.payout !== null) {
    const payout = readAmount(r.payout, "payout", ctx.currency);
    if (!payout.ok) return fail("invalid_payout", payout.error);
    payoutMinor = payout.minor;
  }

  let occurredAt = new Date(ctx.nowMs).toISOString();
  if (r.timestamp !== undefined && r.timestamp !== null) {
    if (typeof r.timestamp !== "string") {
      return fail("invalid_timestamp", "timestamp must be an ISO 8601 string such as 2025-11-15T16:00:00Z");
    }
    const ts = parseIsoTimestamp(r.timestamp);
    if (!ts.ok) return fail("invalid_timestamp", `timestamp ${ts.error}`);
    if (ts.epochMs > ctx.nowMs + FUTURE_TOLERANCE_MS) {
      return fail("invalid_timestamp", `timestamp ${ts.iso} is in the future`);
    }
    occurredAt = ts.iso;
  }

  let attributionType: AttributionType = DEFAULT_ATTRIBUTION_TYPE;
  if (r.attribution_type !== undefined && r.attribution_type !== null) {
    if (!isAttributionType(r.attribution_type)) {
      return fail(
        "invalid_attribution_type",
        `attribution_type must be one of ${attributionTypes.join(", ")}, got ${JSON.stringify(r.attribution_type)}`,
      );
    }
    attributionType = r.attribution_type;
  }

  return {
    ok: true,
    record: {
      index,
      messageId: messageId.id,
      offerId: offerId.id,
      amountMinor: revenue.minor,
      payoutMinor,
      occurredAt,
      attributionType,
      dedupeKey: historyDedupeKey(messageId.id, offerId.id, occurredAt),
    },
  };
}

function isAttributionType(value: unknown): value is AttributionType {
  return typeof value === "string" && (attributionTypes as readonly string[]).includes(value);
}

/**
 * `hist:<message_id>|<offer_id>|<timestamp>`, with `\` and `|` escaped inside the ids so two
 * different (message_id, offer_id) pairs can never spell the same key.
 */
export function historyDedupeKey(messageId: string, offerId: string, occurredAt: string): string {
  const esc = (s: string) => s.replace(/[\\|]/g, (c) => `\\${c}`);
  return `hist:${esc(messageId)}|${esc(offerId)}|${occurredAt}`;
}
