import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import { breakdownDimensions } from "../../db/schema";
import type { AppEnv } from "../../env";
import { rateLimit } from "../../ratelimit/middleware";
import { analyticsErrorResponses, analyticsSecurity, dayRangeQuery, noneToNull, resolveDayRange, siteParam } from "./schemas";

const breakdownQuery = z.object({
  by: z.enum(breakdownDimensions).openapi({
    description:
      "`path`: pageviews and events per page path; `referrer_source`, `utm_*`, `locale`: pageviews per value the pageview carried; `event_name`: custom events per name",
  }),
  ...dayRangeQuery,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const breakdownRow = z
  .object({
    value: z.string().nullable().openapi({ description: "null: hits without this value (e.g. no utm_source, no referrer)" }),
    visitors: z.number().int().openapi({ description: "Unique visitors of each day with this value, summed over the range" }),
    pageviews: z.number().int(),
    events: z.number().int(),
  })
  .openapi("AnalyticsBreakdownRow");

const breakdownResponse = z
  .object({
    by: z.enum(breakdownDimensions),
    from: z.string(),
    to: z.string(),
    data: z.array(breakdownRow).openapi({ description: "Most visitors first" }),
  })
  .openapi("AnalyticsBreakdown");

export type AnalyticsBreakdownQuery = z.infer<typeof breakdownQuery>;
export type AnalyticsBreakdownResponse = z.infer<typeof breakdownResponse>;

export const getAnalyticsBreakdownRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/analytics/breakdown",
  operationId: "getAnalyticsBreakdown",
  tags: ["Web analytics"],
  summary: "Visitors, pageviews and events per path, referrer, UTM value, locale or event name",
  description: "Answered from daily rollups kept by the events consumer (never from raw events). Bots are not counted.",
  security: analyticsSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam, query: breakdownQuery },
  responses: {
    200: { description: "The top values", content: { "application/json": { schema: breakdownResponse } } },
    ...analyticsErrorResponses,
  },
});

export function registerGetAnalyticsBreakdown(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getAnalyticsBreakdownRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const q = c.req.valid("query");
    const range = resolveDayRange(q);
    const { results } = await c.env.DB.prepare(
      `SELECT value, sum(visitors) AS visitors, sum(pageviews) AS pageviews, sum(events) AS events
       FROM web_daily_breakdown
       WHERE site_id = ?1 AND dimension = ?2 AND day >= ?3 AND day <= ?4
       GROUP BY value
       ORDER BY visitors DESC, pageviews + events DESC, value
       LIMIT ?5`,
    )
      .bind(siteId, q.by, range.from, range.to, q.limit)
      .all<{ value: string; visitors: number; pageviews: number; events: number }>();
    const data = results.map((r) => ({ value: noneToNull(r.value), visitors: r.visitors, pageviews: r.pageviews, events: r.events }));
    return c.json({ by: q.by, from: range.from, to: range.to, data } satisfies AnalyticsBreakdownResponse, 200);
  });
}
