import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { authenticate } from "../../auth/middleware";
import type { Principal } from "../../auth/principal";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { ApiError } from "../../http/errors";
import { newId } from "../../ids";
import { currencyExponent, numberToMinorUnits } from "../../money";
import { applyRateLimit } from "../../ratelimit/middleware";
import { answerPreflight, disallowOrigin, ingestCors } from "./cors";
import { describeIssue } from "./messages";
import type { EventMessage, RevenueEvent } from "./queue-messages";
import { dataSchemaByType, eventTypes, type IngestType, ingestAccepted, ingestBody } from "./schemas";
import { toWebEvent, type WebEventInput } from "./web-event";

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

async function readJson(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  // navigator.sendBeacon sends text/plain; whatever the content type, the body is JSON.
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("The request body must be valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

function moneyMinor(value: number, currency: string, field: string): number {
  const parsed = numberToMinorUnits(value, currency);
  if (parsed.ok) return parsed.minor;
  if (parsed.error.code === "too_many_decimals") {
    const exponent = currencyExponent(currency) ?? 0;
    const allowed = exponent === 0 ? "no decimals" : `at most ${exponent} decimal${exponent === 1 ? "" : "s"}`;
    throw badRequest(`The data.${field} field must have ${allowed} for ${currency}.`);
  }
  throw badRequest(`The data.${field} field must be a valid amount.`);
}

function toRevenueEvent(data: z.infer<typeof dataSchemaByType.revenue>): RevenueEvent {
  const currency = (data.currency ?? "USD").toUpperCase();
  if (currencyExponent(currency) === undefined) throw badRequest("The data.currency field must be an ISO 4217 currency code.");
  const eventType = data.event_type ?? "purchase";
  const amountMinor = moneyMinor(data.amount, currency, "amount");
  const mayBeNegative = eventType === "refund" || eventType === "churn";
  if (!mayBeNegative && amountMinor <= 0) throw badRequest("The data.amount field must be greater than 0.");
  return {
    type: "revenue",
    transactionId: data.transaction_id,
    amountMinor,
    currency,
    eventType,
    customerId: data.customer_id,
    visitorFingerprint: data.visitor_fingerprint,
    sessionId: data.session_id,
    paymentProcessor: data.payment_processor ?? null,
    subscriptionId: data.customer_subscription_id ?? null,
    mrrImpactMinor: data.mrr_impact === undefined ? null : moneyMinor(data.mrr_impact, currency, "mrr_impact"),
    isRecurring: data.is_recurring ?? null,
    metadata: data.metadata ?? null,
  };
}

function parseEvent(body: Record<string, unknown>): RevenueEvent | WebEventInput {
  const type = body.type;
  if (type === undefined || type === null) throw badRequest("The type field is required.");
  if (typeof type !== "string" || !(eventTypes as readonly string[]).includes(type)) {
    throw badRequest(`The type field must be one of: ${eventTypes.join(", ")}.`);
  }
  if (body.data === undefined || body.data === null) throw badRequest("The data field is required.");
  if (typeof body.data !== "object" || Array.isArray(body.data)) throw badRequest("The data field must be an object.");
  const schema = dataSchemaByType[type as IngestType];
  const parsed = schema.safeParse(body.data, { reportInput: true });
  if (!parsed.success) throw badRequest(describeIssue(parsed.error.issues[0]!, "data"));
  return type === "revenue"
    ? toRevenueEvent(parsed.data as z.infer<typeof dataSchemaByType.revenue>)
    : ({ type, data: parsed.data } as WebEventInput);
}

export function registerIngest(app: OpenAPIHono<AppEnv>): void {
  // The handler validates by hand (the token may be in the body, and text/plain bodies must be
  // read as JSON), so the schemas are registered for the OpenAPI document only.
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/ingest",
    tags: ["Events"],
    summary: "Send one pageview, event, identify or revenue event (Pulsora-compatible)",
    security: [{ apiToken: [] }],
    request: { body: { content: { "application/json": { schema: ingestBody }, "text/plain": { schema: ingestBody } }, required: true } },
    responses: {
      202: { description: "Queued", content: { "application/json": { schema: ingestAccepted } } },
      400: { description: "Invalid event: `{message}` names the field" },
      401: { description: '`{error: "Invalid API token"}`' },
      403: { description: "Public token sending revenue, or origin not allowed" },
      413: { description: "Body over 32 KiB" },
      429: { description: '`{error: "Rate limited"}` with Retry-After' },
    },
  });

  app.options("/api/ingest", answerPreflight);

  app.post("/api/ingest", ingestCors, limitBody(INGEST_MAX_BYTES), async (c) => {
    const body = await readJson(c);
    const credential = c.req.header("x-api-token")?.trim() || (typeof body.token === "string" ? body.token : undefined);
    const principal = await authenticate(c, credential, { kinds: ["secret", "public"] });
    checkOrigin(c, principal);
    await applyRateLimit(c, principal);

    if (body.type === "revenue" && principal.kind !== "secret") {
      throw new ApiError({ code: "FORBIDDEN", message: "Revenue events require secret token" });
    }
    const parsed = parseEvent(body);
    const event = parsed.type === "revenue" ? parsed : await toWebEvent(c, principal, parsed);
    const message: EventMessage = {
      v: 1,
      kind: "ingest",
      id: newId("evt"),
      siteId: principal.siteId,
      receivedAt: new Date().toISOString(),
      event,
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
