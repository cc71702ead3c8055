// One offer of `POST /v2/offers/bulk`, checked without storage.
import { readAmount } from "./amount-field";
import { readExternalId } from "./external-id";
import type { RecordError } from "./record-errors";

export const offerErrorCodes = ["missing_offer_id", "invalid_offer_id", "invalid_name", "invalid_payout", "save_error"] as const;
export type OfferErrorCode = (typeof offerErrorCodes)[number];
export type OfferError = RecordError<OfferErrorCode> & { offer_id: unknown };

export const MAX_OFFER_NAME_LENGTH = 255;

export type ValidOffer = { index: number; offerId: string; name: string | null; payoutMinor: number | null };
export type OfferResult = { ok: true; offer: ValidOffer } | { ok: false; error: OfferError };

export function validateOffer(raw: unknown, index: number, currency: string): OfferResult {
  const isObject = typeof raw === "object" && raw !== null && !Array.isArray(raw);
  const o = isObject ? (raw as Record<string, unknown>) : {};
  const fail = (code: OfferErrorCode, error: string): OfferResult => ({
    ok: false,
    error: { index, offer_id: o.offer_id ?? null, code, error: `Offer ${index}: ${error}` },
  });
  if (!isObject) return fail("missing_offer_id", "must be an object with an offer_id");

  const offerId = readExternalId(o.offer_id, "offer_id");
  if (!offerId.ok) return fail(offerId.reason === "missing" ? "missing_offer_id" : "invalid_offer_id", offerId.error);

  let name: string | null = null;
  if (o.name !== undefined && o.name !== null) {
    if (typeof o.name !== "string" || o.name.length > MAX_OFFER_NAME_LENGTH) {
      return fail("invalid_name", `name must be a string of at most ${MAX_OFFER_NAME_LENGTH} characters`);
    }
    name = o.name;
  }

  let payoutMinor: number | null = null;
  if (o.payout !== undefined && o.payout !== null) {
    const payout = readAmount(o.payout, "payout", currency);
    if (!payout.ok) return fail("invalid_payout", payout.error);
    payoutMinor = payout.minor;
  }
  return { ok: true, offer: { index, offerId: offerId.id, name, payoutMinor } };
}
