import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

type Row = {
  id: string;
  source: string;
  dedupe: string;
  external: string;
  amount: number;
  currency: string;
  at: string;
  eventType?: string;
  customer?: string;
  labels?: string[];
};

/** Seeds ledger rows directly, as any surface's writer would, to test the read side alone. */
async function seed(siteId: string, rows: Row[]) {
  await env.DB.batch(
    rows.map((r) =>
      env.DB.prepare(
        "INSERT INTO ledger (id, site_id, source, dedupe_key, external_id, amount_minor, currency, occurred_at, event_type, customer_id, labels) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      ).bind(
        `${siteId}_${r.id}`,
        siteId,
        r.source,
        r.dedupe,
        r.external,
        r.amount,
        r.currency,
        r.at,
        r.eventType ?? null,
        r.customer ?? null,
        r.labels ? JSON.stringify(r.labels) : null,
      ),
    ),
  );
}

function rows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `led_${String(i).padStart(4, "0")}`,
    source: i % 2 ? "batch" : "event",
    dedupe: `k${i}`,
    external: `x${i}`,
    amount: 100 + i,
    currency: i % 3 ? "USD" : "EUR",
    at: new Date(Date.UTC(2026, 0, 1 + (i % 28), 12)).toISOString(),
    eventType: i % 2 ? undefined : "purchase",
    customer: `cus_${i % 4}`,
    labels: i % 2 ? ["Deal", i % 4 === 1 ? "Inbound" : "Outbound"] : undefined,
  }));
}

describe("GET /v1/{siteId}/revenue (happy)", () => {
  it("pages through every record newest first with next_cursor", async () => {
    const t = await createTenant();
    await seed(t.site.id, rows(25));
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = "9999";
    do {
      const page = await listRevenue(t.site.id, t.secret, `?limit=10${cursor ? `&cursor=${cursor}` : ""}`);
      for (const r of page.data) {
        expect(String(r.occurred_at) <= previous).toBe(true);
        previous = String(r.occurred_at);
        seen.push(String(r.id));
      }
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it("filters by date range, source, currency, event type, label and customer", async () => {
    const t = await createTenant();
    await seed(t.site.id, rows(28));
    const count = async (q: string) => (await listRevenue(t.site.id, t.secret, `?limit=1000&${q}`)).data.length;
    expect(await count("from=2026-01-01&to=2026-01-10")).toBe(10);
    expect(await count("from=2026-01-05T12:00:00Z&to=2026-01-05T12:00:00Z")).toBe(1);
    expect(await count("source=batch")).toBe(14);
    expect(await count("currency=EUR")).toBe(10);
    expect(await count("event_type=purchase")).toBe(14);
    expect(await count("label=Inbound")).toBe(7);
    expect(await count("label=Deal&customer_id=cus_3")).toBe(7);
  });

  it("returns exact decimal amounts and null for fields that do not apply", async () => {
    const t = await createTenant();
    await seed(t.site.id, [
      { id: "led_a", source: "event", dedupe: "a", external: "tx", amount: 49999, currency: "USD", at: "2026-02-01T00:00:00.000Z" },
    ]);
    const page = await listRevenue(t.site.id, t.secret);
    expect(page.data[0]).toEqual({
      id: `${t.site.id}_led_a`,
      source: "event",
      external_id: "tx",
      amount: "499.99",
      amount_minor: 49999,
      currency: "USD",
      occurred_at: "2026-02-01T00:00:00.000Z",
      event_type: null,
      customer_id: null,
      labels: null,
      metadata: null,
      job_id: null,
      created_at: expect.any(String),
    });
    expect(page.next_cursor).toBeNull();
  });

  it("streams the records as CSV with a header row", async () => {
    const t = await createTenant();
    await seed(t.site.id, rows(3));
    const res = await call(`/v1/${t.site.id}/revenue?format=csv`, { headers: { authorization: `Bearer ${t.secret}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,source,external_id,amount,amount_minor,currency,occurred_at,event_type,customer_id,labels,metadata,job_id,created_at",
    );
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l.startsWith(`${t.site.id}_led_0001,batch,x1,1.01,101,USD,`) && l.includes(',"Deal;Inbound",'))).toBe(true);
  });
});
