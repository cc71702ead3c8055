import { z } from "@hono/zod-openapi";
import { boundedJsonObject } from "../../http/bounded-json";
import { type ErrorStatus, json } from "../../http/error-responses";
import { currencyExponent, numberToMinorUnits } from "../../money";

// Payloads of POST /api/ingest (Pulsora-compatible, contract §3). Field rules follow the
// original API; failures are turned into "The data.<field> field …" texts by ./validation.ts
// (a refinement's message is what follows "The <field> field").

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

/** Events whose amount may be negative (money going back); the others need an amount > 0. */
const NEGATIVE_ALLOWED: ReadonlySet<string> = new Set(["refund", "churn"]);

/** The integer minor units of a JSON number in `currency`, or what is wrong with it. */
export function eventMinorUnits(value: number, currency: string): { ok: true; minor: number } | { ok: false; problem: string } {
  const parsed = numberToMinorUnits(value, currency);
  if (parsed.ok) return parsed;
  if (parsed.error.code === "too_many_decimals") {
    const exponent = currencyExponent(currency) ?? 0;
    return {
      ok: false,
      problem: `must have ${exponent === 0 ? "no decimals" : `at most ${exponent} decimal${exponent === 1 ? "" : "s"}`} for ${currency}`,
    };
  }
  return { ok: false, problem: "must be a valid amount" };
}

/** The currency of a revenue event: as sent, upper-cased; USD when absent, as the original API does. */
export const eventCurrency = (data: { currency?: string | undefined }) => (data.currency ?? "USD").toUpperCase();

export const revenueData = z
  .object({
    visitor_fingerprint: requiredText,
    session_id: requiredText,
    customer_id: requiredText,
    amount: z.number().openapi({
      description: "In the currency's units, with at most its decimals (2 for USD, 0 for JPY); > 0 except for refund and churn",
      example: 499.99,
    }),
    currency: z.string().optional().openapi({ description: "ISO 4217 (any case); USD when absent", example: "USD" }),
    transaction_id: requiredText.openapi({ description: "Idempotency key: a second event with the same id is stored once" }),
    payment_processor: z.string().max(128).optional(),
    event_type: z.enum(revenueEventTypes).optional().openapi({ description: "purchase when absent" }),
    customer_subscription_id: z.string().max(512).optional(),
    mrr_impact: z.number().optional().openapi({ description: "Signed change of MRR, at most the currency's decimals" }),
    is_recurring: z.boolean().optional(),
    metadata: freeForm.optional(),
  })
  .superRefine((data, ctx) => {
    // Rules between fields, checked once the fields themselves are valid, in this order; the
    // first one broken is reported, as the original API does.
    const currency = eventCurrency(data);
    if (currencyExponent(currency) === undefined) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "must be an ISO 4217 currency code" });
      return;
    }
    const amount = eventMinorUnits(data.amount, currency);
    if (!amount.ok) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: amount.problem });
      return;
    }
    if (amount.minor <= 0 && !NEGATIVE_ALLOWED.has(data.event_type ?? "purchase")) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "must be greater than 0" });
      return;
    }
    const mrr = data.mrr_impact === undefined ? undefined : eventMinorUnits(data.mrr_impact, currency);
    if (mrr && !mrr.ok) ctx.addIssue({ code: "custom", path: ["mrr_impact"], message: mrr.problem });
  })
  .openapi("RevenueEventData");

// The published tracker (@pulsora/core 1.0.1) sends `visitor_fingerprint: null` with every
// pageview and event ("generated server-side"): null or absent means the server derives it.
const serverDerivableFingerprint = requiredText.nullish().openapi({
  description: "Null or absent: derived by the server (a cookieless daily id from the site, the client IP and the User-Agent)",
});

export const pageviewData = z
  .object({
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
  })
  .openapi("PageviewData");

export const customEventData = z
  .object({
    visitor_fingerprint: serverDerivableFingerprint,
    session_id: requiredText,
    event_name: z.string().trim().min(1).max(256),
    event_data: freeForm.optional(),
    url: optionalText,
    path: optionalText,
    timestamp: epochMs,
  })
  .openapi("CustomEventData");

export const identifyData = z
  .object({
    visitor_fingerprint: requiredText,
    session_id: requiredText,
    customer_id: requiredText,
    timestamp: epochMs,
  })
  .openapi("IdentifyData");

/** The event types, in the order the refusal of an unknown one lists them. */
export type IngestType = "pageview" | "event" | "identify" | "revenue";

/** The token may be in the body; a value that is not a string is ignored (the header's counts). */
const bodyToken = z
  .preprocess((v) => (typeof v === "string" ? v : undefined), z.string().optional())
  .openapi({ type: "string", description: "The API token, when not sent in X-API-Token (a value that is not a string is ignored)" });

const event = <T extends IngestType, D extends z.ZodType>(type: T, data: D, name: string) =>
  z.object({ type: z.literal(type), token: bodyToken, data }).openapi(name);

/**
 * The request body: `type` selects the schema of `data`. Validated by the route (the first
 * problem found is reported); the body is JSON whatever its Content-Type (`sendBeacon` sends
 * text/plain).
 */
export const ingestBody = z
  .discriminatedUnion("type", [
    event("pageview", pageviewData, "PageviewEvent"),
    event("event", customEventData, "CustomEvent"),
    event("identify", identifyData, "IdentifyEvent"),
    event("revenue", revenueData, "RevenueEvent"),
  ])
  .openapi("IngestEvent");

export type IngestRequest = z.infer<typeof ingestBody>;

export const ingestAccepted = z.object({ success: z.literal(true) }).openapi("IngestAccepted");
export type IngestResponse = z.infer<typeof ingestAccepted>;

/** Pulsora's validation errors (400) and 413: `{message}`. */
export const pulsoraMessage = z
  .object({ message: z.string().openapi({ example: "The data.visitor_fingerprint field is required." }) })
  .openapi("PulsoraMessage");

/** Pulsora's other errors: `{error}`. */
export const pulsoraError = z.object({ error: z.string().openapi({ example: "Invalid API token" }) }).openapi("PulsoraError");

/** The error body of a status on this surface. */
export const eventsErrorContent = (status: ErrorStatus) => json(status === 400 || status === 413 ? pulsoraMessage : pulsoraError);
