import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type SQL, sql } from "drizzle-orm";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { isoDateOrDateTime, rangeEndExclusive, rangeStart } from "../../http/time-range";
import { formatMinorUnits } from "../../money";
import { rateLimit } from "../../ratelimit/middleware";

const intervals = ["day", "week", "month"] as const;
const groupings = ["currency", "source", "event_type", "label"] as const;

const query = z.object({
  from: isoDateOrDateTime.optional().openapi({ description: "occurred_at ≥ this (default: all time)" }),
  to: isoDateOrDateTime.optional().openapi({ description: "occurred_at ≤ this date (whole day) or date-time" }),
  interval: z.enum(intervals).default("month").openapi({ description: "Bucket size; weeks start on Monday (ISO 8601)" }),
  group_by: z.enum(groupings).optional().openapi({ description: "A second dimension; `label` counts a record once per label" }),
});

const bucketTotal = z
  .object({
    bucket: z.string().openapi({ description: "YYYY-MM-DD (day, week start) or YYYY-MM (month)", example: "2026-01" }),
    currency: z.string(),
    group: z.string().nullable().openapi({ description: "Value of group_by (null without group_by, or for records without that value)" }),
    amount: z.string().openapi({ description: "Exact decimal sum in major units", example: "46.24" }),
    amount_minor: z.number().int(),
    count: z.number().int(),
  })
  .openapi("RevenueBucket");

const summaryRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/revenue/summary",
  tags: ["Reporting"],
  summary: "Revenue totals per time bucket and currency (no currency conversion)",
  security: [{ bearer: [] }],
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: z.object({ siteId: z.string() }), query },
  responses: {
    200: {
      description: "Totals, oldest bucket first",
      content: { "application/json": { schema: z.object({ data: z.array(bucketTotal) }) } },
    },
  },
});

const BUCKET: Record<(typeof intervals)[number], SQL> = {
  day: sql`substr(l.occurred_at, 1, 10)`,
  // `weekday 0` moves to the next Sunday (or stays), minus six days is that week's Monday.
  week: sql`date(substr(l.occurred_at, 1, 10), 'weekday 0', '-6 days')`,
  month: sql`substr(l.occurred_at, 1, 7)`,
};

const GROUP: Record<(typeof groupings)[number], SQL> = {
  currency: sql`l.currency`,
  source: sql`l.source`,
  event_type: sql`l.event_type`,
  label: sql`lab.value`,
};

export function registerRevenueSummary(app: OpenAPIHono<AppEnv>): void {
  app.openapi(summaryRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const q = c.req.valid("query");
    const group = q.group_by ? GROUP[q.group_by] : sql`NULL`;
    // Labels are a JSON array: a left join on json_each yields one row per label (or one with NULL).
    const labelJoin = q.group_by === "label" ? sql`LEFT JOIN json_each(l.labels) AS lab` : sql``;
    const rows = await c.var.db.all<{ bucket: string; currency: string; grp: string | null; total: number; n: number }>(sql`
      SELECT ${BUCKET[q.interval]} AS bucket, l.currency AS currency, ${group} AS grp, sum(l.amount_minor) AS total, count(*) AS n
      FROM ledger AS l ${labelJoin}
      WHERE l.site_id = ${siteId}
        ${q.from ? sql`AND l.occurred_at >= ${rangeStart(q.from)}` : sql``}
        ${q.to ? sql`AND l.occurred_at < ${rangeEndExclusive(q.to)}` : sql``}
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3`);
    const data = rows.map((r) => ({
      bucket: r.bucket,
      currency: r.currency,
      group: r.grp === null ? null : String(r.grp),
      amount: formatMinorUnits(r.total, r.currency),
      amount_minor: r.total,
      count: r.n,
    }));
    return c.json({ data }, 200);
  });
}
