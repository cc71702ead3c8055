import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import { webEvents } from "../../db/schema";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from "../../http/time-cursor";
import { isoDateOrDateTime, rangeEndExclusive, rangeStart } from "../../http/time-range";
import { rateLimit } from "../../ratelimit/middleware";
import { analyticsErrorResponses, analyticsSecurity, siteParam } from "./schemas";

const eventsQuery = z.object({
  type: z.enum(["pageview", "event", "identify"]).optional(),
  from: isoDateOrDateTime.optional().openapi({ description: "occurred_at ≥ this date/date-time", example: "2026-01-01" }),
  to: isoDateOrDateTime.optional().openapi({ description: "occurred_at ≤ this date (whole day) or date-time" }),
  visitor: z.string().min(1).max(512).optional().openapi({ description: "visitor_fingerprint (as sent, or as derived by the server)" }),
  session: z.string().min(1).max(512).optional().openapi({ description: "session_id" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional().openapi({ description: "next_cursor of the previous page" }),
});

const webEventView = z
  .object({
    id: z.string(),
    type: z.enum(["pageview", "event", "identify"]),
    visitor_fingerprint: z.string(),
    visitor_source: z.enum(["client", "server"]).openapi({ description: "`server`: derived from the daily salt, site, IP and User-Agent" }),
    session_id: z.string(),
    event_name: z.string().nullable(),
    event_data: z.record(z.string(), z.unknown()).nullable(),
    url: z.string().nullable(),
    path: z.string().nullable(),
    referrer: z.string().nullable(),
    referrer_source: z.string().nullable(),
    title: z.string().nullable(),
    locale: z.string().nullable(),
    utm_source: z.string().nullable(),
    utm_medium: z.string().nullable(),
    utm_campaign: z.string().nullable(),
    utm_term: z.string().nullable(),
    utm_content: z.string().nullable(),
    customer_id: z.string().nullable(),
    is_bot: z.boolean().openapi({ description: "Stored, never counted by the analytics and attribution endpoints" }),
    occurred_at: z.string(),
    received_at: z.string(),
  })
  .openapi("WebEvent");

const eventsPage = z.object({ data: z.array(webEventView), next_cursor: z.string().nullable() }).openapi("WebEventPage");

export type ListWebEventsQuery = z.infer<typeof eventsQuery>;
export type WebEventView = z.infer<typeof webEventView>;
export type ListWebEventsResponse = z.infer<typeof eventsPage>;

export const listWebEventsRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/events",
  operationId: "listWebEvents",
  tags: ["Web analytics"],
  summary: "Raw pageviews, custom events and identify calls, newest first, paged",
  security: analyticsSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam, query: eventsQuery },
  responses: {
    200: { description: "One page of events", content: { "application/json": { schema: eventsPage } } },
    ...analyticsErrorResponses,
  },
});

function decodeCursor(text: string): TimeCursor {
  const cursor = decodeTimeCursor(text);
  if (cursor) return cursor;
  throw new ApiError({
    code: "BAD_REQUEST",
    message: "cursor is not a cursor returned by this API",
    details: [{ field: "cursor", message: "not a cursor returned by this API" }],
  });
}

function toView(row: typeof webEvents.$inferSelect): WebEventView {
  return {
    id: row.id,
    type: row.type,
    visitor_fingerprint: row.visitorFingerprint,
    visitor_source: row.visitorSource,
    session_id: row.sessionId,
    event_name: row.name,
    event_data: row.type === "event" ? (row.properties ?? null) : null,
    url: row.url,
    path: row.path,
    referrer: row.referrer,
    referrer_source: row.referrerSource,
    title: row.title,
    locale: row.locale,
    utm_source: row.utmSource,
    utm_medium: row.utmMedium,
    utm_campaign: row.utmCampaign,
    utm_term: row.utmTerm,
    utm_content: row.utmContent,
    customer_id: row.customerId,
    is_bot: row.isBot,
    occurred_at: row.occurredAt,
    received_at: row.receivedAt,
  };
}

export function registerListWebEvents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listWebEventsRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const q = c.req.valid("query");
    const where: SQL[] = [eq(webEvents.siteId, siteId)];
    if (q.type) where.push(eq(webEvents.type, q.type));
    if (q.visitor) where.push(eq(webEvents.visitorFingerprint, q.visitor));
    if (q.session) where.push(eq(webEvents.sessionId, q.session));
    if (q.from) where.push(gte(webEvents.occurredAt, rangeStart(q.from)));
    if (q.to) where.push(lt(webEvents.occurredAt, rangeEndExclusive(q.to)));
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      where.push(
        or(lt(webEvents.occurredAt, after.occurredAt), and(eq(webEvents.occurredAt, after.occurredAt), lt(webEvents.id, after.id)))!,
      );
    }
    // type, visitor and session each have a (site, …, occurred_at, id) index of web_events, so a
    // page is an index range read in order (no sort), with or without one of them.
    const rows = await c.var.db
      .select()
      .from(webEvents)
      .where(and(...where))
      .orderBy(desc(webEvents.occurredAt), desc(webEvents.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page.at(-1);
    const next_cursor = more && last ? encodeTimeCursor({ occurredAt: last.occurredAt, id: last.id }) : null;
    return c.json({ data: page.map(toView), next_cursor } satisfies ListWebEventsResponse, 200);
  });
}
