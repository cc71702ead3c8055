import { z } from "@hono/zod-openapi";
import { idempotencyErrorResponses } from "../../idempotency/openapi";
import { attributionTypes } from "./revenue-record";

// Request and response shapes of the history surface (Trackly-compatible, contract §4), for
// /openapi.json. The bulk bodies are validated record by record by the *-record.ts files (a bad
// record is reported in `errors`, it does not refuse the request), so these schemas document
// rather than validate them.

export const historySecurity = [{ apiKey: [] }];

export const historyErrorBody = z
  .object({
    error: z.string().openapi({ example: "The records field is required and must be a non-empty array." }),
    code: z.string().openapi({ example: "missing_records" }),
  })
  .openapi("TracklyError");

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: historyErrorBody } } });

/** Responses every authenticated history route can give. */
export const commonErrorResponses = {
  401: errorResponse("Missing or invalid X-Api-Key (`code: unauthorized`)"),
  403: errorResponse("A public token (`code: forbidden`)"),
  429: errorResponse("Rate limited (`code: rate_limited`), with Retry-After"),
};

export const bulkErrorResponses = {
  ...commonErrorResponses,
  400: errorResponse("Body not JSON (`invalid_json`) or the array missing, not an array, or empty (`missing_<items>`)"),
  413: errorResponse("More than 1,000 items (`too_many_<items>`) or a body over 5 MiB (`payload_too_large`)"),
  ...idempotencyErrorResponses(historyErrorBody),
};

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

const recordError = z
  .object({
    index: z.number().int().openapi({ description: "Position of the record in the request" }),
    code: z.string().openapi({ example: "message_not_found" }),
    error: z.string().openapi({ example: 'Record 1: no message exists with message_id "e5f6g7h8"' }),
  })
  .openapi("HistoryRecordError");

export const revenueImportBody = z.object({ records: z.array(revenueRecordInput).min(1).max(1000) }).openapi("HistoryRevenueImport");

export const revenueImportResult = z
  .object({
    success_count: z.number().int(),
    error_count: z.number().int(),
    total_revenue: z.number().openapi({ description: "Sum of the saved records, computed in minor units", example: 46.24 }),
    errors: z.array(recordError).openapi({ description: "At most 100, in request order; error_count counts them all" }),
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

export const contactsImportBody = z.object({ contacts: z.array(contactInput).min(1).max(1000) }).openapi("HistoryContactsImport");

export const contactsImportResult = z
  .object({
    success_count: z.number().int(),
    error_count: z.number().int(),
    contacts_created: z.number().int().openapi({ description: "Contacts that did not exist before (the others were updated)" }),
    errors: z.array(recordError.extend({ phone_number: z.unknown() })),
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

export const offersImportBody = z.object({ offers: z.array(offerInput).min(1).max(1000) }).openapi("HistoryOffersImport");

export const offersImportResult = z
  .object({
    success_count: z.number().int(),
    error_count: z.number().int(),
    offers_created: z.number().int(),
    offers_updated: z.number().int(),
    errors: z.array(recordError.extend({ offer_id: z.unknown() })),
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

export const sendsImportBody = z.object({ sends: z.array(sendInput).min(1).max(1000) }).openapi("HistorySendsImport");

export const sendsImportResult = z
  .object({
    success_count: z.number().int().openapi({ description: "Sends stored by this request" }),
    error_count: z.number().int(),
    duplicates_skipped: z.number().int().openapi({ description: "Sends whose message_id was already stored (or repeated in the request)" }),
    errors: z.array(recordError.extend({ message_id: z.unknown() })),
  })
  .openapi("HistorySendsImportResult");
