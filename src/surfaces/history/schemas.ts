import { z } from "@hono/zod-openapi";
import {
  type ErrorStatus,
  errorResponses,
  INTERNAL_ERROR,
  idempotencyErrors,
  json,
  RATE_LIMITER_UNAVAILABLE,
} from "../../http/error-responses";
import { MAX_BULK_ITEMS } from "./bulk-body";
import { contactErrorCodes } from "./contact-record";
import { offerErrorCodes } from "./offer-record";
import { revenueRecordErrorCodes } from "./record-errors";
import { attributionTypes } from "./revenue-record";
import { sendErrorCodes } from "./send-record";

// Request and response shapes of the history surface (Trackly-compatible, contract §4). A bulk
// body is validated by its route as a whole (an object with a 1–1,000 item array, else
// `missing_<items>` / `too_many_<items>`, worded by ./validation.ts); its items are checked one
// by one by the *-record.ts files, because a bad item is reported in `errors` and does not
// refuse the others: the item schemas below document those rules, they do not refuse a request.

/** Trackly's `X-Api-Key` (any secret token, `trk_…` included). */
export const historySecurity = [{ apiKey: [] }];

export const historyErrorBody = z
  .object({
    error: z.string().openapi({ example: "The records field is required and must be a non-empty array." }),
    code: z.string().openapi({
      description: "snake_case: the codes named by each operation, or the status's (unauthorized, rate_limited…)",
      example: "missing_records",
    }),
  })
  .openapi("TracklyError");

/** The history surface's error responses, by status. */
export const historyErrors = <D extends Partial<Record<ErrorStatus, string>>>(descriptions: D) =>
  errorResponses(json(historyErrorBody), descriptions);

/** Responses every authenticated history route can give. */
export const commonErrors = {
  401: "Missing or invalid X-Api-Key (`unauthorized`)",
  403: "A public token (`forbidden`)",
  429: "Rate limited (`rate_limited`), or too many failed authentications from this address",
  500: INTERNAL_ERROR,
  503: RATE_LIMITER_UNAVAILABLE,
} as const;

/** Responses of the bulk routes (`items`: records, contacts, offers, sends). */
export const bulkErrors = (items: string) =>
  historyErrors({
    ...commonErrors,
    400: `The body is not JSON (\`invalid_json\`), ${items} is absent, not an array or empty (\`missing_${items}\`), or the Idempotency-Key is malformed (\`invalid_idempotency_key\`)`,
    409: `${idempotencyErrors[409]} (\`idempotency_key_in_use\`)`,
    413: `More than 1,000 ${items} (\`too_many_${items}\`) or a body over 5 MiB (\`payload_too_large\`)`,
    422: `${idempotencyErrors[422]} (\`idempotency_key_reused\`)`,
  });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The body of a bulk route: `{<field>: [1 to 1,000 items]}`. Items are not refused here (see
 * above); the document shows them as `item` (a registered component) with `itemRule`.
 */
function bulkBody<F extends string>(field: F, itemName: string, itemRule: string) {
  const items = z
    .array(z.unknown().openapi({ $ref: `#/components/schemas/${itemName}` } as object))
    .min(1)
    .max(MAX_BULK_ITEMS)
    .openapi({ description: `1 to 1,000 ${field}. ${itemRule}` });
  // A body that is not an object has no `field` either: refused the same way as an absent one.
  return z.preprocess((body) => (isObject(body) ? body : {}), z.object({ [field]: items } as { [K in F]: typeof items }));
}

/** The error of an item, named by each route's codes. */
const itemError = <C extends readonly [string, ...string[]]>(codes: C) =>
  z.object({
    index: z.number().int().min(0).openapi({ description: "Position of the item in the request, from 0" }),
    code: z.enum(codes),
    error: z.string().openapi({ example: 'Record 1: no message exists with message_id "e5f6g7h8"' }),
  });

export const revenueRecordInput = z
  .object({
    message_id: z.string().max(255).openapi({ description: "A message stored with POST /v2/history/sends", example: "a1b2c3d4" }),
    offer_id: z.string().max(255).openapi({ description: "An offer stored with POST /v2/offers/bulk", example: "offer_123" }),
    revenue: z.number().min(0).openapi({ description: "≥ 0, in the site's default currency, at most its decimals", example: 24.99 }),
    payout: z.number().min(0).optional().openapi({ description: "≥ 0, in the site's default currency", example: 5 }),
    attribution_type: z.enum(attributionTypes).default("sale").optional(),
    timestamp: z
      .string()
      .optional()
      .openapi({ description: "ISO 8601; default now; not in the future (60 s of clock skew allowed)", example: "2025-11-15T16:00:00Z" }),
  })
  .openapi("HistoryRevenueRecord");

const recordError = itemError(revenueRecordErrorCodes).openapi("HistoryRecordError");

const PER_ITEM =
  "is checked on its own: one that breaks these rules is reported in `errors` (with its index and code) and the others are still saved.";

export const revenueImportBody = bulkBody("records", "HistoryRevenueRecord", `Each record ${PER_ITEM}`).openapi("HistoryRevenueImport");

export const revenueImportResult = z
  .object({
    success_count: z.number().int(),
    error_count: z.number().int(),
    total_revenue: z.number().openapi({ description: "Sum of the saved records, computed in minor units", example: 46.24 }),
    errors: z.array(recordError).max(100).openapi({ description: "At most 100, in request order; error_count counts them all" }),
  })
  .openapi("HistoryRevenueImportResult");

export const contactInput = z
  .object({
    phone_number: z
      .string()
      .openapi({ description: "Any common format; stored as E.164. Without a country code: a US number", example: "+12125551234" }),
    list_number: z.string().max(64).optional().openapi({ description: "String or whole number" }),
    custom_fields: z.record(z.string(), z.unknown()).optional().openapi({
      description: "Merged into the stored fields (a key sent as null is removed); nested at most 10 levels deep, at most 8 KiB of JSON",
    }),
    signup_date: z.string().optional().openapi({ description: "ISO 8601 date or date-time", example: "2025-01-31" }),
  })
  .openapi("HistoryContactInput");

export const contactsImportBody = bulkBody("contacts", "HistoryContactInput", `Each contact ${PER_ITEM}`).openapi("HistoryContactsImport");

export const contactsImportResult = z
  .object({
    success_count: z.number().int(),
    error_count: z.number().int(),
    contacts_created: z.number().int().openapi({ description: "Contacts that did not exist before (the others were updated)" }),
    errors: z
      .array(itemError(contactErrorCodes).extend({ phone_number: z.unknown().openapi({ description: "As sent (null when absent)" }) }))
      .max(100)
      .openapi({ description: "At most 100, in request order" }),
  })
  .openapi("HistoryContactsImportResult");

export const contact = z
  .object({
    id: z.string(),
    phone_number: z.string().openapi({ example: "+12125551234" }),
    list_number: z.string().nullable(),
    custom_fields: z.record(z.string(), z.unknown()),
    signup_date: z.string().nullable(),
    revenue_total: z.number().openapi({ description: "Major units of the site's default currency", example: 37.49 }),
    conversion_count: z.number().int(),
    last_revenue_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("HistoryContact");

export const offerInput = z
  .object({
    offer_id: z.string().max(255).openapi({ example: "offer_123" }),
    name: z.string().max(255).optional(),
    payout: z.number().min(0).optional().openapi({ description: "In the site's default currency" }),
  })
  .openapi("HistoryOfferInput");

export const offersImportBody = bulkBody("offers", "HistoryOfferInput", `Each offer ${PER_ITEM}`).openapi("HistoryOffersImport");

export const offersImportResult = z
  .object({
    success_count: z.number().int(),
    error_count: z.number().int(),
    offers_created: z.number().int(),
    offers_updated: z.number().int(),
    errors: z
      .array(itemError(offerErrorCodes).extend({ offer_id: z.unknown().openapi({ description: "As sent (null when absent)" }) }))
      .max(100)
      .openapi({ description: "At most 100, in request order" }),
  })
  .openapi("HistoryOffersImportResult");

export const sendInput = z
  .object({
    message_id: z.string().max(255).openapi({ example: "a1b2c3d4" }),
    phone_number: z.string().openapi({ description: "The recipient; stored as E.164", example: "+12125551234" }),
    offer_id: z.string().max(255).optional().openapi({ description: "Must be a stored offer" }),
    sent_at: z.string().optional().openapi({ description: "ISO 8601; default now", example: "2025-11-15T15:00:00Z" }),
  })
  .openapi("HistorySendInput");

export const sendsImportBody = bulkBody("sends", "HistorySendInput", `Each send ${PER_ITEM}`).openapi("HistorySendsImport");

export const sendsImportResult = z
  .object({
    success_count: z.number().int().openapi({ description: "Sends stored by this request" }),
    error_count: z.number().int(),
    duplicates_skipped: z.number().int().openapi({ description: "Sends whose message_id was already stored (or repeated in the request)" }),
    errors: z
      .array(itemError(sendErrorCodes).extend({ message_id: z.unknown().openapi({ description: "As sent (null when absent)" }) }))
      .max(100)
      .openapi({ description: "At most 100, in request order" }),
  })
  .openapi("HistorySendsImportResult");
