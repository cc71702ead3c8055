import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

type Seed = {
  source: "account_file" | "event";
  month: string;
  minor: number;
  account?: string;
  eventType?: string;
  mrrImpact?: number;
  recurring?: boolean;
};

async function seed(siteId: string, rows: Seed[]) {
  await env.DB.batch(
    rows.map((r, i) =>
      env.DB.prepare(
        "INSERT INTO ledger (id, site_id, source, dedupe_key, amount_minor, currency, occurred_at, event_type, customer_id, mrr_impact_minor, is_recurring) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      ).bind(
        `${siteId}_${i}`,
        siteId,
        r.source,
        `k${i}`,
        r.minor,
        "USD",
        `${r.month}-01T00:00:00.000Z`,
        r.eventType ?? (r.source === "account_file" ? "MRR" : "purchase"),
        r.account ?? null,
        r.mrrImpact ?? null,
        r.recurring === undefined ? null : r.recurring ? 1 : 0,
      ),
    ),
  );
}

async function mrr(t: { site: { id: string }; secret: string }, query = "") {
  const res = await call(`/v1/${t.site.id}/mrr${query}`, { headers: { authorization: `Bearer ${t.secret}` } });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      data: Array<{ month: string; new: string; expansion: string; contraction: string; churn: string; net: string }>;
    }
  ).data;
}

const pick = (rows: Awaited<ReturnType<typeof mrr>>) => rows.map((r) => [r.month, r.new, r.expansion, r.contraction, r.churn, r.net]);

describe("GET /v1/{siteId}/mrr (happy)", () => {
  it("derives new, expansion, contraction and churn from account schedules month over month", async () => {
    const t = await createTenant();
    const acme = (month: string, minor: number) => ({ source: "account_file" as const, month, minor, account: "Acme", recurring: true });
    await seed(t.site.id, [
      acme("2026-01", 100_000),
      acme("2026-02", 100_000),
      acme("2026-03", 150_000),
      acme("2026-04", 120_000),
      { source: "account_file", month: "2026-02", minor: 50_000, account: "Globex", recurring: true },
      // One Time revenue is not recurring and moves no MRR.
      { source: "account_file", month: "2026-03", minor: 999_999, account: "Initech", recurring: false, eventType: "One Time" },
    ]);
    expect(pick(await mrr(t))).toEqual([
      ["2026-01", "1000.00", "0.00", "0.00", "0.00", "1000.00"],
      ["2026-02", "500.00", "0.00", "0.00", "0.00", "500.00"],
      ["2026-03", "0.00", "500.00", "0.00", "-500.00", "0.00"],
      ["2026-04", "0.00", "0.00", "-300.00", "0.00", "-300.00"],
      ["2026-05", "0.00", "0.00", "0.00", "-1200.00", "-1200.00"],
    ]);
    // A window compares its first month with the month before it.
    expect(pick(await mrr(t, "?from=2026-03&to=2026-03"))).toEqual([["2026-03", "0.00", "500.00", "0.00", "-500.00", "0.00"]]);
  });

  it("classifies revenue events by type, using mrr_impact when sent", async () => {
    const t = await createTenant();
    await seed(t.site.id, [
      { source: "event", month: "2026-01", minor: 4900, eventType: "subscription" },
      { source: "event", month: "2026-01", minor: 9900, eventType: "upgrade", mrrImpact: 5000 },
      { source: "event", month: "2026-02", minor: 2900, eventType: "downgrade", mrrImpact: -2000 },
      { source: "event", month: "2026-02", minor: -4900, eventType: "churn" },
      { source: "event", month: "2026-02", minor: 100_000, eventType: "purchase" }, // no MRR impact
    ]);
    expect(pick(await mrr(t))).toEqual([
      ["2026-01", "49.00", "50.00", "0.00", "0.00", "99.00"],
      ["2026-02", "0.00", "0.00", "-20.00", "-49.00", "-69.00"],
    ]);
  });

  it("returns nothing for a site without MRR data and refuses a bad month", async () => {
    const t = await createTenant();
    expect(await mrr(t)).toEqual([]);
    const bad = await call(`/v1/${t.site.id}/mrr?from=2026-13`, { headers: { authorization: `Bearer ${t.secret}` } });
    expect(bad.status).toBe(400);
    const other = await createTenant();
    expect((await call(`/v1/${t.site.id}/mrr`, { headers: { authorization: `Bearer ${other.secret}` } })).status).toBe(403);
  });
});
