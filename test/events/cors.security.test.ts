import { describe, expect, it } from "vitest";
import { createSite, createTenant, createToken } from "../support/fixtures";
import { call } from "../support/http";

const ORIGIN = "https://shop.example";
const pageview = { visitor_fingerprint: null, session_id: "s", url: `${ORIGIN}/` };

// What @pulsora/core's fetch transport sends (after its preflight).
function fetchTransport(token: string, body: unknown, headers: Record<string, string> = {}) {
  return call("/api/ingest", {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-token": token, origin: ORIGIN, "cf-connecting-ip": "198.51.100.9", ...headers },
    body: JSON.stringify(body),
  });
}

function expectReadableByPage(res: Response) {
  expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  const exposed = (res.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/\s*,\s*/);
  expect(exposed).toEqual(
    expect.arrayContaining(["retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "x-request-id"]),
  );
}

describe("POST /api/ingest CORS (security)", () => {
  it("answers the fetch transport's preflight for its headers, exposing the rate-limit headers", async () => {
    const pre = await call("/api/ingest", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-api-token" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toMatch(/content-type.*x-api-token/);
    expectReadableByPage(pre);
  });

  it("lets the page read a 202 and its rate-limit headers", async () => {
    const t = await createTenant();
    const res = await fetchTransport(t.public, { type: "pageview", data: pageview });
    expect(res.status).toBe(202);
    expectReadableByPage(res);
    expect(res.headers.get("ratelimit-remaining")).not.toBeNull();
  });

  it("lets the page read a 429's Retry-After, so the tracker waits that long instead of 60 s", async () => {
    const site = await createSite();
    const pub = await createToken(site.id, { kind: "public", rate_limit: { limit: 1, window_seconds: 30 } });
    expect((await fetchTransport(pub.token, { type: "pageview", data: pageview })).status).toBe(202);
    const limited = await fetchTransport(pub.token, { type: "pageview", data: pageview });
    expect(limited.status).toBe(429);
    expectReadableByPage(limited);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    expect(await limited.json()).toEqual({ error: "Rate limited" });
  });

  it("lets the page read a 400 naming the field, a 401 and a 413", async () => {
    const t = await createTenant();
    const bad = await fetchTransport(t.public, { type: "pageview", data: { session_id: "s" } });
    expect(bad.status).toBe(400);
    expectReadableByPage(bad);
    expect(await bad.json()).toEqual({ message: "The data.url field is required." });
    const unknown = await fetchTransport("pub_abcdefghijklmnopqrstuvwxyz012345", { type: "pageview", data: pageview });
    expect(unknown.status).toBe(401);
    expectReadableByPage(unknown);
    const big = await fetchTransport(t.public, { type: "pageview", data: { ...pageview, title: "x".repeat(40_000) } });
    expect(big.status).toBe(413);
    expectReadableByPage(big);
  });

  it("keeps refusing, unreadably, an origin a public token does not allow, and revenue from a public token", async () => {
    const site = await createSite();
    const pub = await createToken(site.id, { kind: "public", allowed_origins: ["https://other.example"] });
    const res = await fetchTransport(pub.token, { type: "pageview", data: pageview });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const beacon = await call("/api/ingest", {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
      body: JSON.stringify({ type: "pageview", data: pageview, token: pub.token }),
    });
    expect(beacon.status).toBe(403);
    const allowed = await fetchTransport(pub.token, { type: "pageview", data: pageview }, { origin: "https://other.example" });
    expect(allowed.status).toBe(202);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://other.example");

    const t = await createTenant();
    const revenue = await fetchTransport(t.public, {
      type: "revenue",
      data: { visitor_fingerprint: "f", session_id: "s", customer_id: "c", amount: 1, transaction_id: "t" },
    });
    expect(revenue.status).toBe(403);
  });
});
