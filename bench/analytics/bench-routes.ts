// Routes of `npm run bench:analytics` only: load events through the real events consumer, and
// the raw-scan baseline of the summary (what it would cost without the rollups).
//
// They are not in the production bundle: only the bench Worker (./worker.ts) registers them, and
// they still answer 404 unless ANALYTICS_BENCH is "1" (bench/analytics.mjs sets it).
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { requireSiteInPath, requireToken } from "../../src/auth/middleware";
import type { AppEnv } from "../../src/env";
import { limitBody } from "../../src/http/body-limit";
import { ApiError } from "../../src/http/errors";
import { rateLimit } from "../../src/ratelimit/middleware";
import { DAY_MS, resolveDayRange } from "../../src/surfaces/analytics/schemas";
import { consumeEvents } from "../../src/surfaces/events/consumer";
import { EVENTS_QUEUE, eventMessage } from "../../src/surfaces/events/queue-messages";

declare global {
  interface Env {
    /** "1" only under `npm run bench:analytics` (see above); not in wrangler.toml on purpose. */
    ANALYTICS_BENCH?: string;
  }
}

const onlyUnderBench = createMiddleware<AppEnv>(async function onlyUnderBench(c, next) {
  if (c.env.ANALYTICS_BENCH !== "1") throw new ApiError({ code: "NOT_FOUND", message: `No route for ${c.req.method} ${c.req.path}` });
  await next();
});

/** The queue's largest batch (wrangler.toml max_batch_size). */
const QUEUE_BATCH = 100;

/** A MessageBatch as the queue hands it to the consumer, recording acks and retries. */
function queueBatch(bodies: unknown[]) {
  const outcome = { acked: 0, retried: 0 };
  const messages = bodies.map((body, i) => ({
    id: `bench-${i}`,
    timestamp: new Date(),
    attempts: 1,
    body,
    ack: () => void outcome.acked++,
    retry: () => void outcome.retried++,
  }));
  const batch = { queue: EVENTS_QUEUE, messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>;
  return { batch, outcome };
}

const RAW_SUMMARY = `
SELECT substr(occurred_at, 1, 10) AS day, count(DISTINCT visitor_fingerprint) AS visitors, count(DISTINCT session_id) AS sessions,
  sum(type = 'pageview') AS pageviews, sum(type = 'event') AS events
FROM web_events
WHERE site_id = ?1 AND occurred_at >= ?2 AND occurred_at < ?3 AND type IN ('pageview', 'event') AND NOT is_bot
GROUP BY 1`;

export function registerAnalyticsBenchRoutes(app: OpenAPIHono<AppEnv>): void {
  // Up to 10 queue batches per request, each handed to the real consumer (consumeEvents).
  app.post("/__bench/analytics/consume", onlyUnderBench, requireToken(), rateLimit(), limitBody(16 * 1024 * 1024), async (c) => {
    const bodies = (await c.req.json()) as unknown[];
    if (!Array.isArray(bodies)) throw new ApiError({ code: "BAD_REQUEST", message: "a JSON array of event messages" });
    for (const body of bodies) {
      const m = eventMessage.safeParse(body);
      if (!m.success || m.data.siteId !== c.var.principal.siteId)
        throw new ApiError({ code: "BAD_REQUEST", message: "every message must be an event message of the token's site" });
    }
    let acked = 0;
    for (let i = 0; i < bodies.length; i += QUEUE_BATCH) {
      const { batch, outcome } = queueBatch(bodies.slice(i, i + QUEUE_BATCH));
      await consumeEvents(batch, c.env);
      if (outcome.retried) throw new ApiError({ code: "INTERNAL_SERVER_ERROR", message: `${outcome.retried} messages were not written` });
      acked += outcome.acked;
    }
    return c.json({ acked }, 200);
  });

  // The summary's numbers computed from web_events for the same range.
  app.get("/__bench/analytics/:siteId/raw-summary", onlyUnderBench, requireToken(), rateLimit(), requireSiteInPath(), async (c) => {
    const range = resolveDayRange({ from: c.req.query("from"), to: c.req.query("to") });
    const end = new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS).toISOString();
    const { results } = await c.env.DB.prepare(RAW_SUMMARY).bind(c.req.param("siteId"), `${range.from}T00:00:00.000Z`, end).all();
    return c.json({ data: results }, 200);
  });
}
