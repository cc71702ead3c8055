// The benchmark baseline of `npm run bench:history`: the same 1,000 ledger rows the revenue
// import writes, inserted by the cheapest route possible in the same Worker (auth, rate limit,
// JSON parse, then one D1 batch() insert; no validation, no look-ups, no contact stats).
//
// It is the baseline the ledger's insert builder is compared to, so it keeps its own physical
// INSERT statements. It only exists in the bench Worker (./worker.ts), never in the production
// bundle (src/index.ts), and is not in /openapi.json.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { requireToken } from "../../src/auth/middleware";
import type { AppEnv } from "../../src/env";
import { limitBody } from "../../src/http/body-limit";
import { newId } from "../../src/ids";
import { numberToMinorUnits } from "../../src/money";
import { rateLimit } from "../../src/ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, readBulkItems } from "../../src/surfaces/history/bulk-body";

export const BENCH_BASELINE_PATH = "/__bench/history-baseline";

const COLUMNS = "id, site_id, source, dedupe_key, external_id, amount_minor, currency, occurred_at, event_type";
const PARAMS_PER_ROW = 9;
/** D1 binds at most 100 parameters per statement. */
const ROWS_PER_VALUES_STATEMENT = Math.floor(100 / PARAMS_PER_ROW);

const INSERT_JSON_EACH = `
INSERT INTO ledger (${COLUMNS})
SELECT r.value ->> '$[0]', r.value ->> '$[1]', 'history', r.value ->> '$[2]', r.value ->> '$[3]', r.value ->> '$[4]',
       r.value ->> '$[5]', r.value ->> '$[6]', r.value ->> '$[7]'
FROM json_each(?1) AS r
WHERE true
ON CONFLICT (site_id, dedupe_key) DO NOTHING`;

type Row = [
  id: string,
  siteId: string,
  dedupeKey: string,
  externalId: string,
  amountMinor: number,
  currency: string,
  occurredAt: string,
  eventType: string,
];

export function registerHistoryBenchBaseline(app: OpenAPIHono<AppEnv>): void {
  app.post(BENCH_BASELINE_PATH, limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), async (c) => {
    const records = await readBulkItems(c, "records");
    const siteId = c.var.principal.siteId;
    const rows: Row[] = records.map((raw) => {
      const r = raw as Record<string, unknown>;
      const parsed = numberToMinorUnits(Number(r.revenue), "USD");
      const id = newId("hist");
      return [id, siteId, `bench:${id}`, String(r.message_id), parsed.ok ? parsed.minor : 0, "USD", String(r.timestamp), "sale"];
    });
    const db = c.env.DB;
    const statements =
      c.req.query("mode") === "values"
        ? chunk(rows, ROWS_PER_VALUES_STATEMENT).map((part) =>
            db
              .prepare(
                `INSERT INTO ledger (${COLUMNS}) VALUES ${part.map(() => "(?, ?, 'history', ?, ?, ?, ?, ?, ?)").join(", ")} ON CONFLICT (site_id, dedupe_key) DO NOTHING`,
              )
              .bind(...part.flat()),
          )
        : [db.prepare(INSERT_JSON_EACH).bind(JSON.stringify(rows))];
    const results = await db.batch(statements);
    return c.json({ inserted: results.reduce((n, r) => n + (r.meta.changes ?? 0), 0), statements: statements.length }, 200);
  });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
