import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { requireToken } from "../../auth/middleware";
import { accountSchedules, accounts } from "../../db/schema";
import type { AppEnv } from "../../env";
import { accountKey } from "../../formats/account-file";
import { rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { formatMinorUnits } from "../../money";
import { monthIndex } from "../../months";
import { rateLimit } from "../../ratelimit/middleware";
import { findSite } from "../../sites";
import { monthlyTotals } from "./account-revenue";
import { respond } from "./respond";
import { accountsContent, accountsErrors, accountsSecurity, commonErrors } from "./schemas";

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Longest range one request may ask for (100 years of months). */
const MAX_RANGE_MONTHS = 1200;

/** A month as YYYY-MM; empty is the same as absent. */
const month = (field: "from" | "to", description: string, example: string) =>
  z
    .string()
    .refine((v) => v === "" || YEAR_MONTH.test(v), {
      error: (issue) => `${field} must be a month as YYYY-MM (e.g. 2016-01), not ${JSON.stringify(String(issue.input).slice(0, 32))}.`,
    })
    .optional()
    .openapi({ description, example });

const query = z
  .object({
    from: month("from", "First month, YYYY-MM (default: the first month with revenue)", "2016-01"),
    to: month("to", "Last month, YYYY-MM, included (default: the last month with revenue)", "2016-12"),
  })
  .superRefine(({ from, to }, ctx) => {
    if (!from || !to) return;
    if (to < from) ctx.addIssue({ code: "custom", path: ["to"], message: `to (${to}) is before from (${from}).` });
    else if (monthIndex(to) - monthIndex(from) + 1 > MAX_RANGE_MONTHS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `The range is longer than ${MAX_RANGE_MONTHS} months.` });
    }
  });

const params = z.object({ account: z.string().openapi({ description: "Account name, any case, URL-encoded", example: "Acme" }) });

const monthRevenue = z.object({
  month: z.string().openapi({ example: "2016-01" }),
  amount: z.string().openapi({ example: "1000.00" }),
  amount_minor: z.number().int(),
});

const accountRevenue = z
  .object({
    Data: z.object({
      account: z.string().openapi({ description: "The name as first uploaded" }),
      currency: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      total: z.string().openapi({ description: "Exact decimal text", example: "156000.00" }),
      total_minor: z.number().int(),
      months: z.array(monthRevenue.openapi({ xml: { name: "item" } })).openapi({ xml: { wrapped: true } }),
    }),
  })
  .openapi("AccountRevenue", { xml: { name: "response" } });

export type GetAccountRevenueParams = z.infer<typeof params>;
export type GetAccountRevenueQuery = z.infer<typeof query>;
export type GetAccountRevenueResponse = z.infer<typeof accountRevenue>;

const routes = (
  [
    ["", "getAccountRevenue"],
    [".json", "getAccountRevenueJson"],
    [".xml", "getAccountRevenueXml"],
  ] as const
).map(([extension, operationId]) => {
  const xml = extension === ".xml";
  return createRoute({
    method: "get",
    path: `/v4.1/company/{account}/revenue${extension}`,
    operationId,
    tags: ["Account revenue files"],
    summary: `An account's monthly revenue schedule${xml ? " (XML)" : extension ? " (JSON)" : ""}`,
    description:
      "Matched case-insensitively among the site's accounts. Every month of the range, zero where there is no revenue; at most 1,200 months.",
    security: accountsSecurity,
    middleware: [requireToken(), rateLimit()] as const,
    request: { params, query },
    responses: {
      200: {
        description: "Every month of the range, zero where there is no revenue",
        headers: rateLimitHeaders,
        content: accountsContent(xml, accountRevenue),
      },
      ...accountsErrors(xml, {
        ...commonErrors,
        400: "from or to is not a month as YYYY-MM, to is before from, or the range is longer than 1,200 months",
        404: "No such account in this site",
      }),
    },
  });
});

/**
 * `GET /v4.1/company/{account}/revenue?from=YYYY-MM&to=YYYY-MM` (`.json`/`.xml` pick the
 * format): the account's monthly revenue from its schedules. The account name is matched
 * case-insensitively within the caller's site only; another site's account is not found.
 */
export function registerGetAccountRevenue(app: OpenAPIHono<AppEnv>): void {
  for (const route of routes) {
    app.openapi(route, async (c) => {
      const siteId = c.var.principal.siteId;
      const name = c.req.valid("param").account;
      const q = c.req.valid("query");
      const from = q.from || undefined;
      const to = q.to || undefined;

      const account = await c.var.db
        .select({ id: accounts.id, displayName: accounts.displayName })
        .from(accounts)
        .where(and(eq(accounts.siteId, siteId), eq(accounts.nameKey, accountKey(name))))
        .get();
      if (!account) {
        const message = `No account named ${JSON.stringify(name.slice(0, 255))}.`;
        throw new ApiError({ code: "NOT_FOUND", message, details: [{ record: null, field: "account", message }] });
      }

      // A schedule can only reach into the range if it starts by the range's last month and
      // ends in or after its first month.
      const rows = await c.var.db
        .select({
          amountMinor: accountSchedules.amountMinor,
          currency: accountSchedules.currency,
          start: accountSchedules.startDate,
          end: accountSchedules.endDate,
          type: accountSchedules.type,
        })
        .from(accountSchedules)
        .where(
          and(
            eq(accountSchedules.siteId, siteId),
            eq(accountSchedules.accountId, account.id),
            to ? lte(accountSchedules.startDate, `${to}-31`) : undefined,
            from ? gte(accountSchedules.endDate, `${from}-01`) : undefined,
          ),
        )
        .orderBy(asc(accountSchedules.startDate));

      // Amounts are in the site's default currency, which a site keeps for its lifetime.
      const currency = rows[0]?.currency ?? (await findSite(c.var.db, siteId))?.defaultCurrency ?? "USD";
      const months = monthlyTotals(rows, from, to);
      const totalMinor = months.reduce((sum, m) => sum + m.amountMinor, 0);
      return respond(
        c,
        {
          Data: {
            account: account.displayName,
            currency,
            from: from ?? months[0]?.month ?? null,
            to: to ?? months[months.length - 1]?.month ?? null,
            total: formatMinorUnits(totalMinor, currency),
            total_minor: totalMinor,
            months: months.map((m) => ({ month: m.month, amount: formatMinorUnits(m.amountMinor, currency), amount_minor: m.amountMinor })),
          },
        },
        200,
      );
    });
  }
}
