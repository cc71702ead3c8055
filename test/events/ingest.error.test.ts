import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ingest, revenueData } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

const required: Record<string, { data: Record<string, unknown>; fields: string[] }> = {
  revenue: {
    data: revenueData(),
    fields: ["visitor_fingerprint", "session_id", "customer_id", "amount", "transaction_id"],
  },
  // A pageview or event without visitor_fingerprint gets one derived on the server (visitor-id tests).
  pageview: { data: { visitor_fingerprint: "fp", session_id: "s", url: "https://a.example/" }, fields: ["session_id", "url"] },
  event: { data: { visitor_fingerprint: "fp", session_id: "s", event_name: "signup" }, fields: ["session_id", "event_name"] },
  identify: {
    data: { visitor_fingerprint: "fp", session_id: "s", customer_id: "c" },
    fields: ["visitor_fingerprint", "session_id", "customer_id"],
  },
};

async function ledgerCount(siteId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM ledger WHERE site_id = ?").bind(siteId).first<{ n: number }>();
  return row?.n ?? 0;
}

describe("POST /api/ingest (errors)", () => {
  for (const [type, { data, fields }] of Object.entries(required)) {
    for (const field of fields) {
      it(`refuses a ${type} without data.${field}, naming the field`, async () => {
        const t = await createTenant();
        const { [field]: _drop, ...rest } = data;
        const res = await ingest(t.secret, type, rest);
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ message: `The data.${field} field is required.` });
      });
    }
  }

  it("still requires visitor_fingerprint on identify and revenue when it is null (only pageview and event derive it)", async () => {
    const t = await createTenant();
    const identify = await ingest(t.public, "identify", { visitor_fingerprint: null, session_id: "s", customer_id: "c" });
    expect(identify.status).toBe(400);
    expect(await identify.json()).toEqual({ message: "The data.visitor_fingerprint field is required." });
    const revenue = await ingest(t.secret, "revenue", revenueData({ visitor_fingerprint: null }));
    expect(revenue.status).toBe(400);
    expect(await revenue.json()).toEqual({ message: "The data.visitor_fingerprint field is required." });
  });

  it("treats an empty string as a missing required field", async () => {
    const t = await createTenant();
    const res = await ingest(t.secret, "revenue", revenueData({ session_id: "  " }));
    expect(await res.json()).toEqual({ message: "The data.session_id field is required." });
  });

  it.each([
    [{ amount: 0 }, "The data.amount field must be greater than 0."],
    [{ amount: -5 }, "The data.amount field must be greater than 0."],
    [{ amount: "12.00" }, "The data.amount field must be a number."],
    [{ amount: 10.555 }, "The data.amount field must have at most 2 decimals for USD."],
    [{ amount: 10.5, currency: "JPY" }, "The data.amount field must have no decimals for JPY."],
    [{ currency: "ABC" }, "The data.currency field must be an ISO 4217 currency code."],
    [
      { event_type: "gift" },
      "The data.event_type field must be one of: purchase, subscription, renewal, upgrade, downgrade, churn, refund.",
    ],
    [{ is_recurring: "yes" }, "The data.is_recurring field must be true or false."],
    [{ metadata: "plan" }, "The data.metadata field must be an object."],
    [{ mrr_impact: 1.001 }, "The data.mrr_impact field must have at most 2 decimals for USD."],
  ])("refuses revenue data %j", async (override, message) => {
    const t = await createTenant();
    const res = await ingest(t.secret, "revenue", revenueData(override));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message });
  });

  it("refuses an unknown or missing type and a missing data object", async () => {
    const t = await createTenant();
    expect(await (await ingest(t.secret, "purchase", {})).json()).toEqual({
      message: "The type field must be one of: pageview, event, identify, revenue.",
    });
    const noType = await call("/api/ingest", { method: "POST", headers: { "x-api-token": t.secret }, body: JSON.stringify({ data: {} }) });
    expect(await noType.json()).toEqual({ message: "The type field is required." });
    const noData = await call("/api/ingest", {
      method: "POST",
      headers: { "x-api-token": t.secret },
      body: JSON.stringify({ type: "revenue" }),
    });
    expect(await noData.json()).toEqual({ message: "The data field is required." });
  });

  for (const type of ["pageview", "event", "identify"] as const) {
    it(`refuses a ${type} timestamp beyond year 9999 (or beyond JavaScript's Date range) with 400 naming the field`, async () => {
      const t = await createTenant();
      for (const timestamp of [8_640_000_000_000_001, 253_402_300_800_000, 1e300, -1]) {
        const res = await ingest(t.secret, type, { ...required[type]!.data, timestamp });
        expect(res.status).toBe(400);
        const { message } = (await res.json()) as { message: string };
        expect(message).toMatch(/^The data\.timestamp field must/);
      }
      const latest = await ingest(t.secret, type, { ...required[type]!.data, timestamp: 253_402_300_799_999 });
      expect(latest.status).toBe(202);
    });
  }

  it("refuses a body that is not JSON", async () => {
    const t = await createTenant();
    const res = await call("/api/ingest", { method: "POST", headers: { "x-api-token": t.secret }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "The request body must be valid JSON." });
  });

  it("refuses a body over 32 KiB with 413, from Content-Length and while reading a stream, storing nothing", async () => {
    const t = await createTenant();
    const big = JSON.stringify({ type: "revenue", data: revenueData({ metadata: { pad: "x".repeat(33_000) } }) });
    const res = await call("/api/ingest", {
      method: "POST",
      headers: { "x-api-token": t.secret, "content-type": "application/json" },
      body: big,
    });
    expect(res.status).toBe(413);
    expect((await res.json()) as object).toHaveProperty("message");

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    });
    const chunked = await call("/api/ingest", {
      method: "POST",
      headers: { "x-api-token": t.secret },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    await new Promise((r) => setTimeout(r, 200));
    expect(await ledgerCount(t.site.id)).toBe(0);
  });

  it("accepts a body of exactly 32,768 bytes", async () => {
    const t = await createTenant();
    const base = JSON.stringify({ type: "revenue", data: revenueData({ metadata: { pad: "" } }) });
    const padded = base.replace('"pad":""', `"pad":"${"x".repeat(32_768 - base.length)}"`);
    expect(new TextEncoder().encode(padded).length).toBe(32_768);
    const res = await call("/api/ingest", { method: "POST", headers: { "x-api-token": t.secret }, body: padded });
    expect(res.status).toBe(202);
  });

  it("answers 405 for a wrong method and 404 for an unknown path in the Pulsora shape", async () => {
    const res = await call("/api/ingest", { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toMatch(/POST/);
    expect(await res.json()).toHaveProperty("error");
  });
});
