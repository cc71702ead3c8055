import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import { ledger, ledgerMetadata } from "../../db/schema";
import type { AppEnv, Db } from "../../env";
import { csvLine, escapeFormulasParam } from "../../http/csv-writer";
import { nativeErrors, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from "../../http/time-cursor";
import { isoDateOrDateTime, rangeEndExclusive, rangeStart } from "../../http/time-range";
import { ledgerSources } from "../../ledger";
import { rateLimit } from "../../ratelimit/middleware";
import { revenueRecord, toRevenueRecord } from "./revenue-record";
import { reportingErrors, reportingSecurity, siteParam } from "./schemas";

const query = z
  .object({
    from: isoDateOrDateTime.optional().openapi({ description: "occurred_at ≥ this date/date-time", example: "2026-01-01" }),
    to: isoDateOrDateTime.optional().openapi({ description: "occurred_at ≤ this date (whole day) or date-time" }),
    source: z.enum(ledgerSources).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    event_type: z.string().max(64).optional(),
    label: z.string().max(256).optional(),
    customer_id: z.string().max(512).optional(),
    job_id: z.string().max(128).optional().openapi({
      description: "Records of one CSV batch job (`jobId`) or one account file (`X-Account-File-Id` of its upload)",
    }),
    metadata_value: z.string().min(1).max(256).optional().openapi({
      description:
        "Records whose client-sent metadata has this value (exact, case-sensitive; numbers as written, booleans `true`/`false`), under any key: an event's `metadata` at any depth, a CSV batch row's or single upload's visitor identifiers and AdditionalDataProperties. Account-file and history records are not indexed (filter them by `customer_id`, `job_id`, `source`).",
      example: "pro",
    }),
    metadata_key: z.string().min(1).max(256).optional().openapi({
      description:
        "With `metadata_value`: only under this key, its path as the drawer of the console shows it (`plan`, `buyer.email`, `items[0].sku`; `visitor_identifiers.EmailAddress`, `additional_data.Source` for batch rows).",
      example: "plan",
    }),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(512).optional().openapi({ description: "next_cursor of the previous page" }),
    format: z.enum(["json", "csv"]).default("json"),
    escape_formulas: escapeFormulasParam,
  })
  .refine((q) => q.metadata_key === undefined || q.metadata_value !== undefined, {
    message: "metadata_key narrows a metadata_value search: send metadata_value with it",
    path: ["metadata_key"],
  });

type Query = z.infer<typeof query>;

const page = z.object({ data: z.array(revenueRecord), next_cursor: z.string().nullable() }).openapi("RevenuePage");

export type ListRevenueQuery = z.input<typeof query>;
export type ListRevenueResponse = z.infer<typeof page>;

export const listRevenueRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/revenue",
  operationId: "listRevenue",
  tags: ["Reporting"],
  summary: "Ledger records, newest first",
  security: reportingSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam, query },
  responses: {
    200: {
      description:
        "One page of records (or all of them as CSV with ?format=csv; text cells that a spreadsheet would run as formulas are escaped unless escape_formulas=false)",
      headers: rateLimitHeaders,
      content: { "application/json": { schema: page }, "text/csv": { schema: z.string() } },
    },
    ...nativeErrors({
      ...reportingErrors,
      400: "A query parameter breaks its rule (`details` lists every problem), or cursor is not one this API returned",
    }),
  },
});

function decodeCursor(text: string): TimeCursor {
  const cursor = decodeTimeCursor(text);
  if (cursor) return cursor;
  throw new ApiError({ code: "BAD_REQUEST", message: "cursor is not a cursor returned by this API" });
}

function filters(siteId: string, q: Query): SQL[] {
  const where: SQL[] = [eq(ledger.siteId, siteId)];
  if (q.from) where.push(gte(ledger.occurredAt, rangeStart(q.from)));
  if (q.to) where.push(lt(ledger.occurredAt, rangeEndExclusive(q.to)));
  if (q.source) where.push(eq(ledger.source, q.source));
  if (q.currency) where.push(eq(ledger.currency, q.currency));
  if (q.event_type) where.push(eq(ledger.eventType, q.event_type));
  if (q.customer_id) where.push(eq(ledger.customerId, q.customer_id));
  if (q.job_id) where.push(eq(ledger.jobId, q.job_id));
  if (q.label) where.push(sql`exists (select 1 from json_each(${ledger.labels}) where value = ${q.label})`);
  if (q.metadata_value !== undefined) {
    // ledger_metadata is kept by triggers on ledger; its primary key (site_id, value, key,
    // ledger_id) answers both lookups as a prefix.
    const match: SQL[] = [sql`m.site_id = ${siteId}`, sql`m.value = ${q.metadata_value}`];
    if (q.metadata_key !== undefined) match.push(sql`m.key = ${q.metadata_key}`);
    where.push(sql`${ledger.id} in (select m.ledger_id from ${ledgerMetadata} m where ${and(...match)})`);
  }
  return where;
}

async function fetchPage(db: Db, where: SQL[], limit: number, after: TimeCursor | undefined) {
  const keyset = after
    ? or(lt(ledger.occurredAt, after.occurredAt), and(eq(ledger.occurredAt, after.occurredAt), lt(ledger.id, after.id)))
    : undefined;
  const rows = await db
    .select()
    .from(ledger)
    .where(and(...where, keyset))
    .orderBy(desc(ledger.occurredAt), desc(ledger.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { rows: pageRows, next: more && last ? { occurredAt: last.occurredAt, id: last.id } : undefined };
}

const CSV_COLUMNS = [
  "id",
  "source",
  "external_id",
  "amount",
  "amount_minor",
  "currency",
  "occurred_at",
  "event_type",
  "customer_id",
  "labels",
  "metadata",
  "job_id",
  "created_at",
] as const;
/** `amount` (decimal text) and `amount_minor`: never formula-escaped, so `-5.00` stays a number. */
const NUMERIC_COLUMNS: ReadonlySet<number> = new Set([CSV_COLUMNS.indexOf("amount"), CSV_COLUMNS.indexOf("amount_minor")]);

/** Streams every matching record as CSV, one keyset page at a time (memory stays flat). */
function csvStream(db: Db, where: SQL[], start: TimeCursor | undefined, escapeFormulas: boolean): ReadableStream<Uint8Array> {
  const options = { escapeFormulas, numericColumns: NUMERIC_COLUMNS };
  const encoder = new TextEncoder();
  let cursor = start;
  let headerSent = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
        return;
      }
      if (done) return controller.close();
      const { rows, next } = await fetchPage(db, where, 1000, cursor);
      const text = rows
        .map(toRevenueRecord)
        .map((r) =>
          csvLine(
            CSV_COLUMNS.map((k) =>
              k === "labels" ? r.labels?.join(";") : k === "metadata" ? (r.metadata ? JSON.stringify(r.metadata) : null) : r[k],
            ),
            options,
          ),
        )
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      cursor = next;
      if (!next) done = true;
    },
  });
}

export function registerListRevenue(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRevenueRoute, async (c) => {
    const q = c.req.valid("query");
    const where = filters(c.req.valid("param").siteId, q);
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (q.format === "csv") {
      return c.body(csvStream(c.var.db, where, after, q.escape_formulas !== "false"), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="revenue.csv"',
      });
    }
    const { rows, next } = await fetchPage(c.var.db, where, q.limit, after);
    return c.json({ data: rows.map(toRevenueRecord), next_cursor: next ? encodeTimeCursor(next) : null }, 200);
  });
}
