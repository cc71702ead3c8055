import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { requireToken } from "../../auth/middleware";
import { accountSchedules, accounts } from "../../db/schema";
import type { AppEnv } from "../../env";
import { accountKey } from "../../formats/account-file";
import { ApiError } from "../../http/errors";
import { formatMinorUnits } from "../../money";
import { monthIndex } from "../../months";
import { rateLimit } from "../../ratelimit/middleware";
import { findSite } from "../../sites";
import { monthlyTotals } from "./account-revenue";
import { respond } from "./respond";
import { accountsErrorResponses, accountsFailure, accountsSecurity } from "./schemas";

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Longest range one request may ask for (100 years of months). */
const MAX_RANGE_MONTHS = 1200;

const query = z.object({
  from: z.string().optional().openapi({ description: "First month, YYYY-MM (default: the first month with revenue)", example: "2016-01" }),
  to: z
    .string()
    .optional()
    .openapi({ description: "Last month, YYYY-MM, included (default: the last month with revenue)", example: "2016-12" }),
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
      months: z.array(z.object({ month: z.string(), amount: z.string(), amount_minor: z.number().int() })),
    }),
  })
  .openapi("AccountRevenue");

const paths = ["/v4.1/company/{account}/revenue", "/v4.1/company/{account}/revenue.json", "/v4.1/company/{account}/revenue.xml"] as const;

const badRequest = (field: string, message: string) =>
  new ApiError({ code: "BAD_REQUEST", message, details: [{ record: null, field, message }] });

function checkMonth(field: "from" | "to", value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!YEAR_MONTH.test(value))
    throw badRequest(field, `${field} must be a month as YYYY-MM (e.g. 2016-01), not ${JSON.stringify(value.slice(0, 32))}.`);
  return value;
}

/**
 * `GET /v4.1/company/{account}/revenue?from=YYYY-MM&to=YYYY-MM` (`.json`/`.xml` pick the
 * format): the account's monthly revenue from its schedules. The account name is matched
 * case-insensitively within the caller's site only; another site's account is not found.
 */
export function registerGetAccountRevenue(app: OpenAPIHono<AppEnv>): void {
  for (const path of paths) {
    app.openAPIRegistry.registerPath({
      method: "get",
      path,
      tags: ["Account revenue files"],
      summary: `An account's monthly revenue schedule${path.endsWith(".xml") ? " (XML)" : ""}`,
      security: accountsSecurity,
      request: { params: z.object({ account: z.string().openapi({ description: "Account name, any case, URL-encoded" }) }), query },
      responses: {
        200: {
          description: "Every month of the range, zero where there is no revenue",
          content: path.endsWith(".xml")
            ? { "application/xml": { schema: z.string() } }
            : { "application/json": { schema: accountRevenue } },
        },
        ...accountsErrorResponses,
        404: { description: "No such account in this site", content: { "application/json": { schema: accountsFailure } } },
      },
    });

    app.get(path.replace("{account}", ":account"), requireToken(), rateLimit(), async (c) => {
      const siteId = c.var.principal.siteId;
      const name = c.req.param("account") ?? "";
      const from = checkMonth("from", c.req.query("from"));
      const to = checkMonth("to", c.req.query("to"));
      if (from && to && to < from) throw badRequest("to", `to (${to}) is before from (${from}).`);
      if (from && to && monthIndex(to) - monthIndex(from) + 1 > MAX_RANGE_MONTHS) {
        throw badRequest("to", `The range is longer than ${MAX_RANGE_MONTHS} months.`);
      }

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
