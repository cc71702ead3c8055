import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

async function seed(siteId: string, rows: Array<[string, number, string, string, string | null, string[] | null]>) {
  await env.DB.batch(
    rows.map(([at, minor, currency, source, eventType, labels], i) =>
      env.DB.prepare(
        "INSERT INTO ledger (id, site_id, source, dedupe_key, amount_minor, currency, occurred_at, event_type, labels) VALUES (?,?,?,?,?,?,?,?,?)",
      ).bind(`${siteId}_${i}`, siteId, source, `k${i}`, minor, currency, at, eventType, labels ? JSON.stringify(labels) : null),
    ),
  );
}

async function summary(t: { site: { id: string }; secret: string }, query: string) {
  const res = await call(`/v1/${t.site.id}/revenue/summary?${query}`, { headers: { authorization: `Bearer ${t.secret}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: unknown[] }).data;
}

describe("GET /v1/{siteId}/revenue/summary (happy)", () => {
  it("totals exactly from minor units per month and currency: 24.99 + 12.50 + 8.75 = 46.24", async () => {
    const t = await createTenant();
    await seed(t.site.id, [
      ["2025-11-15T16:00:00.000Z", 2499, "USD", "history", null, null],
      ["2025-11-15T17:30:00.000Z", 1250, "USD", "history", null, null],
      ["2025-11-20T00:00:00.000Z", 875, "USD", "history", null, null],
      ["2025-11-21T00:00:00.000Z", 1000, "JPY", "event", "purchase", null],
      ["2025-12-01T00:00:00.000Z", 1234, "BHD", "event", "purchase", null],
    ]);
    expect(await summary(t, "")).toEqual([
      { bucket: "2025-11", currency: "JPY", group: null, amount: "1000", amount_minor: 1000, count: 1 },
      { bucket: "2025-11", currency: "USD", group: null, amount: "46.24", amount_minor: 4624, count: 3 },
      { bucket: "2025-12", currency: "BHD", group: null, amount: "1.234", amount_minor: 1234, count: 1 },
    ]);
  });

  it("buckets by day and ISO week (Monday) and groups by source, event type and label", async () => {
    const t = await createTenant();
    await seed(t.site.id, [
      ["2026-01-05T10:00:00.000Z", 100, "USD", "batch", null, ["Deal", "Inbound"]], // Monday
      ["2026-01-11T23:59:59.000Z", 200, "USD", "batch", null, ["Deal"]], // Sunday, same week
      ["2026-01-12T00:00:00.000Z", 300, "USD", "event", "refund", null], // next Monday
    ]);
    expect(await summary(t, "interval=week")).toEqual([
      { bucket: "2026-01-05", currency: "USD", group: null, amount: "3.00", amount_minor: 300, count: 2 },
      { bucket: "2026-01-12", currency: "USD", group: null, amount: "3.00", amount_minor: 300, count: 1 },
    ]);
    expect((await summary(t, "interval=day&from=2026-01-11&to=2026-01-11")).length).toBe(1);
    expect(await summary(t, "interval=month&group_by=label")).toEqual([
      { bucket: "2026-01", currency: "USD", group: null, amount: "3.00", amount_minor: 300, count: 1 },
      { bucket: "2026-01", currency: "USD", group: "Deal", amount: "3.00", amount_minor: 300, count: 2 },
      { bucket: "2026-01", currency: "USD", group: "Inbound", amount: "1.00", amount_minor: 100, count: 1 },
    ]);
    const bySource = (await summary(t, "group_by=source")) as Array<{ group: string; amount_minor: number }>;
    expect(bySource.map((r) => [r.group, r.amount_minor])).toEqual([
      ["batch", 300],
      ["event", 300],
    ]);
  });
});
