import { z } from "@hono/zod-openapi";
import { boundedJsonObject } from "../../http/bounded-json";

// Payloads of POST /api/ingest (Pulsora-compatible, contract §3). Field rules follow the
// original API; messages are turned into "The data.<field> field …" texts by ./messages.ts.

const requiredText = z.string().trim().min(1).max(512);
const optionalText = z.string().max(2048).optional();
/**
 * Epoch milliseconds up to 9999-12-31T23:59:59.999Z: beyond JavaScript's Date range
 * (8.64e15) `toISOString()` throws, and past year 9999 the stored text would no longer sort
 * in time order (`+275760-…`).
 */
export const MAX_EPOCH_MS = 253_402_300_799_999;
const epochMs = z.number().int().nonnegative().max(MAX_EPOCH_MS).optional();
/**
 * `metadata` and `event_data`: free-form, but bounded in depth and size. A value may use the
 * whole 32 KiB body, and stays bounded even if the body limit is ever raised.
 */
export const MAX_FREE_FORM_BYTES = 32 * 1024;
const freeForm = boundedJsonObject(MAX_FREE_FORM_BYTES);

export const revenueEventTypes = ["purchase", "subscription", "renewal", "upgrade", "downgrade", "churn", "refund"] as const;

export const revenueData = z.object({
  visitor_fingerprint: requiredText,
  session_id: requiredText,
  customer_id: requiredText,
  amount: z.number(),
  currency: z.string().optional(),
  transaction_id: requiredText,
  payment_processor: z.string().max(128).optional(),
  event_type: z.enum(revenueEventTypes).optional(),
  customer_subscription_id: z.string().max(512).optional(),
  mrr_impact: z.number().optional(),
  is_recurring: z.boolean().optional(),
  metadata: freeForm.optional(),
});

// The published tracker (@pulsora/core 1.0.1) sends `visitor_fingerprint: null` with every
// pageview and event ("generated server-side"): null or absent means the server derives it.
const serverDerivableFingerprint = requiredText.nullish();

export const pageviewData = z.object({
  visitor_fingerprint: serverDerivableFingerprint,
  session_id: requiredText,
  url: z.string().min(1).max(2048),
  path: optionalText,
  referrer: optionalText,
  /** The referring host (`www.` stripped), as @pulsora/core computes it. */
  referrer_source: optionalText,
  title: optionalText,
  locale: z.string().max(64).optional(),
  utm_source: optionalText,
  utm_medium: optionalText,
  utm_campaign: optionalText,
  utm_term: optionalText,
  utm_content: optionalText,
  timestamp: epochMs,
});

export const customEventData = z.object({
  visitor_fingerprint: serverDerivableFingerprint,
  session_id: requiredText,
  event_name: z.string().trim().min(1).max(256),
  event_data: freeForm.optional(),
  url: optionalText,
  path: optionalText,
  timestamp: epochMs,
});

export const identifyData = z.object({
  visitor_fingerprint: requiredText,
  session_id: requiredText,
  customer_id: requiredText,
  timestamp: epochMs,
});

export const eventTypes = ["pageview", "event", "identify", "revenue"] as const;
export type IngestType = (typeof eventTypes)[number];

export const dataSchemaByType = {
  pageview: pageviewData,
  event: customEventData,
  identify: identifyData,
  revenue: revenueData,
} as const;

/** The request body, for the OpenAPI document. */
export const ingestBody = z
  .object({
    type: z.enum(eventTypes),
    token: z.string().optional().openapi({ description: "The API token, when not sent in X-API-Token" }),
    data: z.union([revenueData, pageviewData, customEventData, identifyData]),
  })
  .openapi("IngestEvent");

export const ingestAccepted = z.object({ success: z.literal(true) }).openapi("IngestAccepted");
