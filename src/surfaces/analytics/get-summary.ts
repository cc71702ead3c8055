import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { rateLimit } from "../../ratelimit/middleware";
import { analyticsErrorResponses, analyticsSecurity, DAY_MS, dayRangeQuery, resolveDayRange, siteParam } from "./schemas";

const intervals = ["day", "week", "month"] as const;

const summaryQuery = z.object({
  ...dayRangeQuery,
  interval: z.enum(intervals).default("day").openapi({ description: "Bucket size (UTC); weeks start on Monday (ISO 8601)" }),
});

const counts = {
  visitors: z
    .number()
    .int()
    .openapi({ description: "Unique visitors of each day, summed over the bucket's days (server-derived visitor ids change daily)" }),
  sessions: z
    .number()
    .int()
    .openapi({ description: "Distinct sessions of each day, summed (a session across midnight UTC counts on both days)" }),
  pageviews: z.number().int(),
  events: z.number().int().openapi({ description: "Custom events" }),
};

const summaryBucket = z
  .object({
    bucket: z.string().openapi({ description: "YYYY-MM-DD (day, week start) or YYYY-MM (month)", example: "2026-01-05" }),
    ...counts,
  })
  .openapi("AnalyticsBucket");

const summaryResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(intervals),
    data: z.array(summaryBucket).openapi({ description: "Every bucket of the range, oldest first, zeros included" }),
    totals: z.object(counts),
  })
  .openapi("AnalyticsSummary");

export type AnalyticsSummaryQuery = z.infer<typeof summaryQuery>;
export type AnalyticsSummaryResponse = z.infer<typeof summaryResponse>;

export const getAnalyticsSummaryRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/analytics/summary",
  operationId: "getAnalyticsSummary",
  tags: ["Web analytics"],
  summary: "Visitors, sessions, pageviews and custom events per day, week or month",
  description: "Answered from daily rollups kept by the events consumer (never from raw events). Bots are not counted.",
  security: analyticsSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam, query: summaryQuery },
  responses: {
    200: { description: "Buckets and totals", content: { "application/json": { schema: summaryResponse } } },
    ...analyticsErrorResponses,
  },
});

type Counts = { visitors: number; sessions: number; pageviews: number; events: number };
const zero = (): Counts => ({ visitors: 0, sessions: 0, pageviews: 0, events: 0 });

/** The bucket a UTC day belongs to. */
function bucketOf(day: string, interval: (typeof intervals)[number]): string {
  if (interval === "day") return day;
  if (interval === "month") return day.slice(0, 7);
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

export function registerGetAnalyticsSummary(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getAnalyticsSummaryRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const q = c.req.valid("query");
    const range = resolveDayRange(q);
    const { results } = await c.env.DB.prepare(
      "SELECT day, visitors, sessions, pageviews, events FROM web_daily_totals WHERE site_id = ?1 AND day >= ?2 AND day <= ?3",
    )
      .bind(siteId, range.from, range.to)
      .all<Counts & { day: string }>();

    const buckets = new Map<string, Counts>();
    for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= Date.parse(`${range.to}T00:00:00Z`); t += DAY_MS) {
      const key = bucketOf(new Date(t).toISOString().slice(0, 10), q.interval);
      if (!buckets.has(key)) buckets.set(key, zero());
    }
    const totals = zero();
    for (const row of results) {
      const bucket = buckets.get(bucketOf(row.day, q.interval))!;
      for (const k of ["visitors", "sessions", "pageviews", "events"] as const) {
        bucket[k] += row[k];
        totals[k] += row[k];
      }
    }
    const data = [...buckets].map(([bucket, n]) => ({ bucket, ...n }));
    return c.json({ from: range.from, to: range.to, interval: q.interval, data, totals } satisfies AnalyticsSummaryResponse, 200);
  });
}
