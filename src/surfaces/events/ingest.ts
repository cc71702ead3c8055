import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { authenticate } from "../../auth/middleware";
import type { Principal } from "../../auth/principal";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { errorResponses, INTERNAL_ERROR, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { readJsonBody } from "../../http/request-body";
import { newId } from "../../ids";
import { applyRateLimit } from "../../ratelimit/middleware";
import { answerPreflight, disallowOrigin, ingestCors } from "./cors";
import type { EventMessage, RevenueEvent } from "./queue-messages";
import { eventCurrency, eventMinorUnits, eventsErrorContent, type IngestRequest, ingestAccepted, ingestBody } from "./schemas";
import { toWebEvent } from "./web-event";

export type { IngestRequest, IngestResponse } from "./schemas";

export const INGEST_MAX_BYTES = 32_768;

const badRequest = (message: string) => new ApiError({ code: "BAD_REQUEST", message });

function checkOrigin(c: Context<AppEnv>, principal: Principal): void {
  if (principal.kind !== "public") return;
  const origin = c.req.header("origin");
  if (principal.allowedOrigins && (!origin || !principal.allowedOrigins.includes(origin))) {
    disallowOrigin(c);
    throw new ApiError({ code: "FORBIDDEN", message: "Origin not allowed" });
  }
}

/**
 * Who sends the event, before its fields are validated (as the original API does): the body is
 * read first because the token may be in it, then the token is authenticated, the origin of a
 * public token checked and the rate limit applied; revenue needs a secret token.
 */
const authorizeIngest = createMiddleware<AppEnv>(async function authorizeIngest(c, next) {
  // navigator.sendBeacon sends text/plain; whatever the content type, the body is JSON.
  const body = await readJsonBody(c, () => badRequest("The request body must be valid JSON."));
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
  const fields = body as Record<string, unknown>;
  const credential = c.req.header("x-api-token")?.trim() || (typeof fields.token === "string" ? fields.token : undefined);
  const principal = await authenticate(c, credential, { kinds: ["secret", "public"] });
  checkOrigin(c, principal);
  await applyRateLimit(c, principal);
  if (fields.type === "revenue" && principal.kind !== "secret") {
    throw new ApiError({ code: "FORBIDDEN", message: "Revenue events require secret token" });
  }
  await next();
});

/** Minor units of an amount the route's schema has already accepted for `currency`. */
function minorUnits(value: number, currency: string): number {
  const parsed = eventMinorUnits(value, currency);
  if (!parsed.ok) throw new Error(`amount ${value} ${currency} passed validation but is not valid: ${parsed.problem}`);
  return parsed.minor;
}

function toRevenueEvent(data: Extract<IngestRequest, { type: "revenue" }>["data"]): RevenueEvent {
  const currency = eventCurrency(data);
  return {
    type: "revenue",
    transactionId: data.transaction_id,
    amountMinor: minorUnits(data.amount, currency),
    currency,
    eventType: data.event_type ?? "purchase",
    customerId: data.customer_id,
    visitorFingerprint: data.visitor_fingerprint,
    sessionId: data.session_id,
    paymentProcessor: data.payment_processor ?? null,
    subscriptionId: data.customer_subscription_id ?? null,
    mrrImpactMinor: data.mrr_impact === undefined ? null : minorUnits(data.mrr_impact, currency),
    isRecurring: data.is_recurring ?? null,
    metadata: data.metadata ?? null,
  };
}

/** The token in X-API-Token, or none in the headers (it is then the body's `token`). */
const ingestSecurity: Array<Record<string, string[]>> = [{ apiToken: [] }, {}];

const ingestRoute = createRoute({
  method: "post",
  path: "/api/ingest",
  operationId: "ingestEvent",
  tags: ["Events"],
  summary: "Send one pageview, event, identify or revenue event (Pulsora-compatible)",
  description:
    "Queued, then stored asynchronously. The token is read from `X-API-Token` or the body's `token`; a public token may send " +
    "pageview, event and identify, only from its allowed origins when it has a list. The body is JSON whatever its Content-Type " +
    "(`navigator.sendBeacon` sends text/plain), at most 32 KiB. A refused event names the first field at fault. A revenue event " +
    "is idempotent on its `transaction_id`: sending it again answers 202 and stores it once.",
  security: ingestSecurity,
  middleware: [ingestCors, limitBody(INGEST_MAX_BYTES), authorizeIngest] as const,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: ingestBody }, "text/plain": { schema: ingestBody } },
    },
  },
  responses: {
    202: {
      description: "Queued (also for a repeat of an already accepted event)",
      headers: rateLimitHeaders,
      content: { "application/json": { schema: ingestAccepted } },
    },
    ...errorResponses(eventsErrorContent, {
      400: "Not JSON, or an invalid event: `{message}` names the field (e.g. `The data.visitor_fingerprint field is required.`)",
      401: '`{error: "Invalid API token"}`: no token, or not a valid one',
      403: '`{error: "Revenue events require secret token"}` (a public token sending revenue) or `{error: "Origin not allowed"}`',
      413: "The body is larger than 32 KiB (32,768 bytes)",
      429: '`{error: "Rate limited"}`, or too many failed authentications from this address',
      500: INTERNAL_ERROR,
      503: "The event could not be queued, or the rate limiter could not be reached; nothing was stored, retry after Retry-After",
    }),
  },
});

const preflightRoute = createRoute({
  method: "options",
  path: "/api/ingest",
  operationId: "preflightIngestEvent",
  tags: ["Events"],
  summary: "CORS preflight for browsers",
  description: "Always allowed: whether a page may send events is decided by its public token's origin list on the POST itself.",
  security: [],
  responses: {
    204: {
      description: "Allowed methods and headers",
      headers: {
        "Access-Control-Allow-Methods": { description: "POST, OPTIONS", schema: { type: "string" } },
        "Access-Control-Allow-Headers": { description: "Content-Type, X-API-Token, X-Request-Id", schema: { type: "string" } },
        "Access-Control-Max-Age": { description: "86400", schema: { type: "integer" } },
      },
    },
  },
});

export function registerIngest(app: OpenAPIHono<AppEnv>): void {
  app.openapi(preflightRoute, (c) => answerPreflight(c));

  app.openapi(ingestRoute, async (c) => {
    const body = c.req.valid("json");
    const message: EventMessage = {
      v: 1,
      kind: "ingest",
      id: newId("evt"),
      siteId: c.var.principal.siteId,
      receivedAt: new Date().toISOString(),
      event: body.type === "revenue" ? toRevenueEvent(body.data) : await toWebEvent(c, c.var.principal, body),
    };
    // Awaited: the 202 promises the event is durably queued. If the queue refuses it (outage,
    // local broker backlog), the client is told to retry rather than given a false 202.
    try {
      await c.env.EVENTS_QUEUE.send(message, { contentType: "json" });
    } catch (err) {
      console.error(
        JSON.stringify({ level: "error", requestId: c.get("requestId"), msg: "events queue refused a message", error: String(err) }),
      );
      throw new ApiError({
        code: "SERVICE_UNAVAILABLE",
        message: "Event could not be queued, retry later",
        headers: { "Retry-After": "1" },
      });
    }
    return c.json({ success: true as const }, 202);
  });
}
