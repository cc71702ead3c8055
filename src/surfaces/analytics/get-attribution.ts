import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { isoDateOrDateTime, rangeEndExclusive, rangeStart } from "../../http/time-range";
import { ledgerSources } from "../../ledger";
import { formatMinorUnits } from "../../money";
import { rateLimit } from "../../ratelimit/middleware";
import { analyticsErrorResponses, analyticsSecurity, noneToNull, siteParam } from "./schemas";

const channels = ["utm_source", "utm_campaign", "referrer_source", "landing_path"] as const;
const models = ["first_touch", "last_touch"] as const;

const attributionQuery = z.object({
  from: isoDateOrDateTime.optional().openapi({ description: "Revenue occurred_at ≥ this (default: all time)", example: "2026-01-01" }),
  to: isoDateOrDateTime.optional().openapi({ description: "Revenue occurred_at ≤ this date (whole day) or date-time" }),
  by: z
    .enum(channels)
    .default("utm_source")
    .openapi({ description: "The touch's channel: its landing pageview's UTM source/campaign, referring host, or path" }),
  model: z.enum(models).default("last_touch").openapi({
    description:
      "`first_touch`: the earliest session of the linked visitors within the lookback; `last_touch`: the latest one that started at or before the revenue",
  }),
  lookback_days: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(90)
    .openapi({ description: "Only sessions that started at most this many days before the revenue are touches" }),
  source: z.enum(ledgerSources).optional().openapi({ description: "Only ledger records of this source (default: all)" }),
});

const money = {
  currency: z.string(),
  amount: z.string().openapi({ description: "Exact decimal sum in major units", example: "46.24" }),
  amount_minor: z.number().int(),
  count: z.number().int().openapi({ description: "Ledger records" }),
};

const channelRevenue = z
  .object({ channel: z.string().nullable().openapi({ description: "null: the touch had no value (direct, no UTM)" }), ...money })
  .openapi("AttributedRevenue");

const currencyTotal = z
  .object({
    ...money,
    attributed_amount: z.string(),
    attributed_amount_minor: z.number().int(),
    unattributed_amount: z.string(),
    unattributed_amount_minor: z.number().int(),
    unattributed_count: z.number().int(),
    unattributed_share: z.number().nullable().openapi({
      description: "unattributed_amount_minor / amount_minor, rounded to 4 decimals (null when the total is 0)",
      example: 0.125,
    }),
  })
  .openapi("AttributionTotal");

const attributionResponse = z
  .object({
    by: z.enum(channels),
    model: z.enum(models),
    lookback_days: z.number().int(),
    data: z.array(channelRevenue).openapi({ description: "Attributed revenue per channel and currency, largest first" }),
    totals: z.array(currencyTotal).openapi({ description: "Per currency: all revenue, and the part no touch could be found for" }),
  })
  .openapi("RevenueAttribution");

export type RevenueAttributionQuery = z.infer<typeof attributionQuery>;
export type RevenueAttributionResponse = z.infer<typeof attributionResponse>;

export const getRevenueAttributionRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/revenue/attribution",
  operationId: "getRevenueAttribution",
  tags: ["Web analytics"],
  summary: "Revenue per channel and currency, first- or last-touch, with the unattributed share",
  description:
    "Each ledger record is linked to visitors through its own visitor_fingerprint, its session_id (that session's visitor), " +
    "and its customer_id (visitors and sessions named by identify calls). The touches are the sessions of those visitors " +
    "that started within lookback_days before the record (bots excluded); the model picks one. Records without a touch are unattributed.",
  security: analyticsSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam, query: attributionQuery },
  responses: {
    200: { description: "Attributed revenue and totals", content: { "application/json": { schema: attributionResponse } } },
    ...analyticsErrorResponses,
  },
});

const CHANNEL_COLUMN: Record<(typeof channels)[number], string> = {
  utm_source: "s.utm_source",
  utm_campaign: "s.utm_campaign",
  referrer_source: "s.referrer_source",
  landing_path: "s.landing_path",
};

// One statement. `links`: (record, visitor) pairs, at most four UNION terms (D1 allows five).
// `touches`: those visitors' sessions in the lookback window before the record. `picked`: the
// earliest (first_touch) or latest (last_touch) touch per record; ties go to the landing event id.
function attributionSql(by: (typeof channels)[number], model: (typeof models)[number], filters: string): string {
  const order = model === "first_touch" ? "ASC" : "DESC";
  return `
WITH rev AS (
  SELECT id, occurred_at, amount_minor, currency, visitor_fingerprint, session_id, customer_id
  FROM ledger WHERE site_id = ?1 ${filters}
),
links AS (
  SELECT r.id, r.visitor_fingerprint AS visitor FROM rev AS r WHERE r.visitor_fingerprint IS NOT NULL
  UNION SELECT r.id, s.visitor_fingerprint FROM rev AS r JOIN web_sessions AS s ON s.site_id = ?1 AND s.session_id = r.session_id
  UNION SELECT r.id, vc.visitor_fingerprint FROM rev AS r JOIN visitor_customers AS vc ON vc.site_id = ?1 AND vc.customer_id = r.customer_id
  UNION SELECT r.id, s.visitor_fingerprint FROM rev AS r
    JOIN session_customers AS sc ON sc.site_id = ?1 AND sc.customer_id = r.customer_id
    JOIN web_sessions AS s ON s.site_id = ?1 AND s.session_id = sc.session_id
),
touches AS (
  SELECT l.id, s.started_at, s.landing_event_id, ${CHANNEL_COLUMN[by]} AS channel
  FROM links AS l
  JOIN rev AS r ON r.id = l.id
  JOIN web_sessions AS s ON s.site_id = ?1 AND s.visitor_fingerprint = l.visitor
    AND s.started_at <= r.occurred_at
    AND s.started_at >= strftime('%Y-%m-%dT%H:%M:%fZ', r.occurred_at, '-' || ?2 || ' days')
),
picked AS (
  SELECT id, channel, row_number() OVER (PARTITION BY id ORDER BY started_at ${order}, landing_event_id ${order}) AS rn
  FROM touches
)
SELECT r.currency AS currency, p.id IS NOT NULL AS attributed, coalesce(p.channel, '') AS channel,
  sum(r.amount_minor) AS total, count(*) AS n
FROM rev AS r LEFT JOIN picked AS p ON p.id = r.id AND p.rn = 1
GROUP BY 1, 2, 3`;
}

type Row = { currency: string; attributed: number; channel: string; total: number; n: number };

export function registerGetRevenueAttribution(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getRevenueAttributionRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const q = c.req.valid("query");
    const binds: unknown[] = [siteId, q.lookback_days];
    let filters = "";
    if (q.from) filters += ` AND occurred_at >= ?${binds.push(rangeStart(q.from))}`;
    if (q.to) filters += ` AND occurred_at < ?${binds.push(rangeEndExclusive(q.to))}`;
    if (q.source) filters += ` AND source = ?${binds.push(q.source)}`;
    const { results } = await c.env.DB.prepare(attributionSql(q.by, q.model, filters))
      .bind(...binds)
      .all<Row>();

    const data: Array<z.infer<typeof channelRevenue>> = [];
    const totals = new Map<string, { total: number; n: number; attributed: number; unattributed: number; unattributedCount: number }>();
    for (const r of results) {
      const t = totals.get(r.currency) ?? { total: 0, n: 0, attributed: 0, unattributed: 0, unattributedCount: 0 };
      totals.set(r.currency, t);
      t.total += r.total;
      t.n += r.n;
      if (r.attributed) {
        t.attributed += r.total;
        data.push({
          channel: noneToNull(r.channel),
          currency: r.currency,
          amount: formatMinorUnits(r.total, r.currency),
          amount_minor: r.total,
          count: r.n,
        });
      } else {
        t.unattributed += r.total;
        t.unattributedCount += r.n;
      }
    }
    data.sort(
      (a, b) => a.currency.localeCompare(b.currency) || b.amount_minor - a.amount_minor || (a.channel ?? "").localeCompare(b.channel ?? ""),
    );
    const totalRows = [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        amount: formatMinorUnits(t.total, currency),
        amount_minor: t.total,
        count: t.n,
        attributed_amount: formatMinorUnits(t.attributed, currency),
        attributed_amount_minor: t.attributed,
        unattributed_amount: formatMinorUnits(t.unattributed, currency),
        unattributed_amount_minor: t.unattributed,
        unattributed_count: t.unattributedCount,
        unattributed_share: t.total === 0 ? null : Math.round((t.unattributed / t.total) * 10_000) / 10_000,
      }));
    return c.json(
      { by: q.by, model: q.model, lookback_days: q.lookback_days, data, totals: totalRows } satisfies RevenueAttributionResponse,
      200,
    );
  });
}
