// One send of `POST /v2/history/sends`, checked without storage.
import { readExternalId } from "./external-id";
import { parseIsoTimestamp } from "./iso-timestamp";
import { normalizePhoneNumber } from "./phone-number";
import type { RecordError } from "./record-errors";
import { FUTURE_TOLERANCE_MS } from "./revenue-record";

export const sendErrorCodes = [
  "missing_message_id",
  "invalid_message_id",
  "missing_phone_number",
  "invalid_phone",
  "invalid_offer_id",
  "offer_not_found",
  "invalid_sent_at",
  "save_error",
] as const;
export type SendErrorCode = (typeof sendErrorCodes)[number];
export type SendError = RecordError<SendErrorCode> & { message_id: unknown };

export type ValidSend = { index: number; messageId: string; phoneNumber: string; offerId: string | null; sentAt: string };
export type SendResult = { ok: true; send: ValidSend } | { ok: false; error: SendError };

export function validateSend(raw: unknown, index: number, nowMs: number): SendResult {
  const isObject = typeof raw === "object" && raw !== null && !Array.isArray(raw);
  const s = isObject ? (raw as Record<string, unknown>) : {};
  const fail = (code: SendErrorCode, error: string): SendResult => ({
    ok: false,
    error: { index, message_id: s.message_id ?? null, code, error: `Send ${index}: ${error}` },
  });
  if (!isObject) return fail("missing_message_id", "must be an object with message_id and phone_number");

  const messageId = readExternalId(s.message_id, "message_id");
  if (!messageId.ok) return fail(messageId.reason === "missing" ? "missing_message_id" : "invalid_message_id", messageId.error);

  if (s.phone_number === undefined || s.phone_number === null || s.phone_number === "") {
    return fail("missing_phone_number", "phone_number is required");
  }
  const phone = normalizePhoneNumber(s.phone_number);
  if (!phone.ok) return fail("invalid_phone", phone.error);

  let offerId: string | null = null;
  if (s.offer_id !== undefined && s.offer_id !== null) {
    const offer = readExternalId(s.offer_id, "offer_id");
    if (!offer.ok) return fail(offer.reason === "too_long" ? "offer_not_found" : "invalid_offer_id", offer.error);
    offerId = offer.id;
  }

  let sentAt = new Date(nowMs).toISOString();
  if (s.sent_at !== undefined && s.sent_at !== null) {
    if (typeof s.sent_at !== "string") return fail("invalid_sent_at", "sent_at must be an ISO 8601 string such as 2025-11-15T15:00:00Z");
    const ts = parseIsoTimestamp(s.sent_at);
    if (!ts.ok) return fail("invalid_sent_at", `sent_at ${ts.error}`);
    if (ts.epochMs > nowMs + FUTURE_TOLERANCE_MS) return fail("invalid_sent_at", `sent_at ${ts.iso} is in the future`);
    sentAt = ts.iso;
  }
  return { ok: true, send: { index, messageId: messageId.id, phoneNumber: phone.e164, offerId, sentAt } };
}
