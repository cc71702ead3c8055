import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { LEDGER_SOURCE, recurringAccountRows } from "../../ledger";
import { formatMinorUnits } from "../../money";
import { addMonths } from "../../months";
import { rateLimit } from "../../ratelimit/middleware";
import { accountMovements, emptyMovements, type MovementKind, monthsBetween, movementKinds } from "./mrr-movements";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM");

const query = z
  .object({
    from: month.optional().openapi({ description: "First month (default: the first month with MRR data)", example: "2026-01" }),
    to: month.optional().openapi({ description: "Last month (default: the last month with MRR data)", example: "2026-12" }),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["to"] })
  .refine((q) => !q.from || !q.to || monthsBetween(q.from, q.to).length <= 600, { message: "at most 600 months at once", path: ["to"] });

const money = z.string().openapi({ description: "Exact decimal in major units" });
const mrrMonth = z
  .object({
    month: z.string().openapi({ example: "2026-01" }),
    currency: z.string(),
    new: money,
    expansion: money,
    contraction: money.openapi({ description: "Negative or zero" }),
    churn: money.openapi({ description: "Negative or zero" }),
    net: money,
    minor: z.object({
      new: z.number().int(),
      expansion: z.number().int(),
      contraction: z.number().int(),
      churn: z.number().int(),
      net: z.number().int(),
    }),
  })
  .openapi("MrrMonth");

const mrrRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/mrr",
  tags: ["Reporting"],
  summary: "Monthly MRR movements (new, expansion, contraction, churn, net) from revenue events and account schedules",
  security: [{ bearer: [] }],
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: z.object({ siteId: z.string() }), query },
  responses: {
    200: {
      description: "One entry per month and currency with movements",
      content: { "application/json": { schema: z.object({ data: z.array(mrrMonth) }) } },
    },
  },
});

export function registerMrr(app: OpenAPIHono<AppEnv>): void {
  app.openapi(mrrRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const q = c.req.valid("query");
    const db = c.var.db;
    // The month before `from` is read too: a movement is a change from the previous month.
    const lower = q.from ? sql`AND occurred_at >= ${`${addMonths(q.from, -1)}-01T00:00:00.000Z`}` : sql``;
    const upper = q.to ? sql`AND occurred_at < ${`${addMonths(q.to, 1)}-01T00:00:00.000Z`}` : sql``;

    const recurring = await db.all<{ account: string; currency: string; month: string; minor: number }>(sql`
      SELECT customer_id AS account, currency, substr(occurred_at, 1, 7) AS month, sum(amount_minor) AS minor
      FROM ledger
      WHERE site_id = ${siteId} AND ${recurringAccountRows} ${lower} ${upper}
      GROUP BY 1, 2, 3`);

    const events = await db.all<{ month: string; currency: string; kind: MovementKind; minor: number }>(sql`
      SELECT month, currency, kind, sum(delta) AS minor FROM (
        SELECT substr(occurred_at, 1, 7) AS month, currency,
          CASE event_type WHEN 'subscription' THEN 'new' WHEN 'upgrade' THEN 'expansion'
            WHEN 'downgrade' THEN 'contraction' WHEN 'churn' THEN 'churn'
            ELSE CASE WHEN coalesce(mrr_impact_minor, 0) >= 0 THEN 'expansion' ELSE 'contraction' END END AS kind,
          CASE WHEN event_type IN ('downgrade', 'churn') THEN -abs(coalesce(mrr_impact_minor, amount_minor))
            ELSE coalesce(mrr_impact_minor, amount_minor) END AS delta
        FROM ledger
        WHERE site_id = ${siteId} AND source = ${LEDGER_SOURCE.event}
          AND (mrr_impact_minor IS NOT NULL OR event_type IN ('subscription', 'upgrade', 'downgrade', 'churn'))
          ${lower} ${upper})
      GROUP BY 1, 2, 3`);

    const seen = [...recurring.map((r) => r.month), ...events.map((e) => e.month)].sort();
    const first = q.from ?? seen[0];
    // An account's churn shows in the month after its last recurring month.
    const last = q.to ?? (seen.length ? addMonths(seen[seen.length - 1]!, recurring.length ? 1 : 0) : undefined);
    if (!first || !last) return c.json({ data: [] }, 200);
    const months = monthsBetween(first, last);

    const totals = accountMovements(recurring, months);
    for (const e of events) {
      if (e.month < first || e.month > last) continue;
      const slot = `${e.month}\u001f${e.currency}`;
      const m = totals.get(slot) ?? emptyMovements();
      m[e.kind] += e.minor;
      totals.set(slot, m);
    }

    const data = [...totals.entries()]
      .map(([slot, m]) => {
        const [monthKey, currency] = slot.split("\u001f") as [string, string];
        const net = movementKinds.reduce((sum, k) => sum + m[k], 0);
        const fmt = (n: number) => formatMinorUnits(n, currency);
        return {
          month: monthKey,
          currency,
          new: fmt(m.new),
          expansion: fmt(m.expansion),
          contraction: fmt(m.contraction),
          churn: fmt(m.churn),
          net: fmt(net),
          minor: { ...m, net },
        };
      })
      .sort((a, b) => (a.month === b.month ? a.currency.localeCompare(b.currency) : a.month.localeCompare(b.month)));
    return c.json({ data }, 200);
  });
}
