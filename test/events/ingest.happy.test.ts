import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { ingest, revenueData, waitForRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

describe("POST /api/ingest (happy)", () => {
  it("queues a revenue event with 202 and the consumer writes it to the ledger exactly", async () => {
    const t = await createTenant();
    const data = revenueData({ amount: 499.99, metadata: { plan: "pro", seats: 10 } });
    const res = await ingest(t.secret, "revenue", data);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ success: true });

    const page = await waitForRevenue(t.site.id, t.secret, 1);
    expect(page.data[0]).toMatchObject({
      source: "event",
      external_id: data.transaction_id,
      amount: "499.99",
      amount_minor: 49999,
      currency: "USD",
      event_type: "purchase",
      customer_id: "cus_42",
      metadata: { plan: "pro", seats: 10 },
      labels: null,
      job_id: null,
    });
  });

  it("keeps 499.99 USD, 1000 JPY and 1.234 BHD exact", async () => {
    const t = await createTenant();
    await ingest(t.secret, "revenue", revenueData({ amount: 499.99, currency: "USD" }));
    await ingest(t.secret, "revenue", revenueData({ amount: 1000, currency: "JPY" }));
    await ingest(t.secret, "revenue", revenueData({ amount: 1.234, currency: "BHD" }));
    const page = await waitForRevenue(t.site.id, t.secret, 3);
    const byCurrency = Object.fromEntries(page.data.map((r) => [r.currency, [r.amount, r.amount_minor]]));
    expect(byCurrency).toEqual({ USD: ["499.99", 49999], JPY: ["1000", 1000], BHD: ["1.234", 1234] });
  });

  it("defaults currency to USD whatever the site's default, and event_type to purchase", async () => {
    const t = await createTenant({ default_currency: "EUR" });
    const { currency: _c, event_type: _e, ...data } = revenueData({ amount: 10 });
    expect((await ingest(t.secret, "revenue", data)).status).toBe(202);
    const page = await waitForRevenue(t.site.id, t.secret, 1);
    expect(page.data[0]).toMatchObject({ currency: "USD", event_type: "purchase", amount: "10.00" });
  });

  it("stores a revenue event sent twice (client retry) once", async () => {
    const t = await createTenant();
    const data = revenueData({ amount: 5 });
    expect((await ingest(t.secret, "revenue", data)).status).toBe(202);
    expect((await ingest(t.secret, "revenue", data)).status).toBe(202);
    await ingest(t.secret, "revenue", revenueData({ amount: 6 }));
    const page = await waitForRevenue(t.site.id, t.secret, 2);
    await new Promise((r) => setTimeout(r, 300));
    const again = await waitForRevenue(t.site.id, t.secret, 2);
    expect(again.data.filter((r) => r.external_id === data.transaction_id)).toHaveLength(1);
    expect(page.data).toHaveLength(2);
  });

  it("accepts refunds and churn with negative amounts", async () => {
    const t = await createTenant();
    expect((await ingest(t.secret, "revenue", revenueData({ amount: -20.5, event_type: "refund" }))).status).toBe(202);
    expect((await ingest(t.secret, "revenue", revenueData({ amount: -99, event_type: "churn", mrr_impact: -99 }))).status).toBe(202);
    const page = await waitForRevenue(t.site.id, t.secret, 2);
    expect(page.data.map((r) => r.amount).sort()).toEqual(["-20.50", "-99.00"]);
  });

  it("reads the token from the JSON body when there is no X-API-Token header", async () => {
    const t = await createTenant();
    const res = await call("/api/ingest", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "revenue", token: t.secret, data: revenueData({ amount: 1 }) }),
    });
    expect(res.status).toBe(202);
  });

  it("reads a text/plain body (navigator.sendBeacon) as JSON", async () => {
    const t = await createTenant();
    const res = await call("/api/ingest", {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({
        type: "pageview",
        token: t.public,
        data: { visitor_fingerprint: "fp1", session_id: "s1", url: "https://shop.example/a" },
      }),
    });
    expect(res.status).toBe(202);
  });

  it("stores pageviews, custom events and identify calls, and links the visitor to the customer", async () => {
    const t = await createTenant();
    const fp = `fp_${crypto.randomUUID()}`;
    const ts = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(
      (
        await ingest(t.public, "pageview", {
          visitor_fingerprint: fp,
          session_id: "s",
          url: "https://shop.example/p?a=1",
          path: "/p",
          utm_source: "news",
          timestamp: ts,
        })
      ).status,
    ).toBe(202);
    expect(
      (await ingest(t.public, "event", { visitor_fingerprint: fp, session_id: "s", event_name: "signup", event_data: { plan: "pro" } }))
        .status,
    ).toBe(202);
    expect((await ingest(t.public, "identify", { visitor_fingerprint: fp, session_id: "s", customer_id: "cus_7" })).status).toBe(202);

    const rows = await vi.waitUntil(
      async () => {
        const { results } = await env.DB.prepare(
          "SELECT type, name, path, utm_source, properties, occurred_at FROM web_events WHERE site_id = ? ORDER BY type",
        )
          .bind(t.site.id)
          .all();
        return results.length === 3 ? results : false;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(rows).toEqual([
      {
        type: "event",
        name: "signup",
        path: null,
        utm_source: null,
        properties: JSON.stringify({ plan: "pro" }),
        occurred_at: expect.any(String),
      },
      { type: "identify", name: null, path: null, utm_source: null, properties: null, occurred_at: expect.any(String) },
      { type: "pageview", name: null, path: "/p", utm_source: "news", properties: null, occurred_at: "2026-01-02T03:04:05.000Z" },
    ]);
    const link = await env.DB.prepare("SELECT customer_id FROM visitor_customers WHERE site_id = ? AND visitor_fingerprint = ?")
      .bind(t.site.id, fp)
      .first();
    expect(link).toEqual({ customer_id: "cus_7" });
  });

  it("answers CORS preflights and lets an allowed origin read the response of a public token", async () => {
    const t = await createTenant();
    const pre = await call("/api/ingest", {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/X-API-Token/i);

    const res = await ingest(
      t.public,
      "pageview",
      { visitor_fingerprint: "f", session_id: "s", url: "https://shop.example/" },
      { origin: "https://shop.example" },
    );
    expect(res.status).toBe(202);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
  });

  it("returns the client's safe X-Request-Id and replaces an unsafe one", async () => {
    const t = await createTenant();
    const mine = await ingest(t.secret, "revenue", revenueData(), { "x-request-id": "client-req.42_x" });
    expect(mine.headers.get("x-request-id")).toBe("client-req.42_x");
    const unsafe = await ingest(t.secret, "revenue", revenueData(), { "x-request-id": "bad id<script>" });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
