import { describe, expect, it } from "vitest";
import { ingest, revenueData } from "../support/events";
import { createSite, createTenant, createToken } from "../support/fixtures";
import { admin, call } from "../support/http";

const invalid = { error: "Invalid API token" };

describe("POST /api/ingest (security)", () => {
  it("refuses a missing, malformed or unknown token with 401", async () => {
    const noToken = await call("/api/ingest", { method: "POST", body: JSON.stringify({ type: "revenue", data: revenueData() }) });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual(invalid);
    for (const token of [
      "sec_short",
      "xyz_abcdefghijklmnopqrstuvwxyz012345",
      "sec_abcdefghijklmnopqrstuvwxyz01234!",
      "sec_abcdefghijklmnopqrstuvwxyz012345",
    ]) {
      const res = await ingest(token, "revenue", revenueData());
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(invalid);
    }
  });

  it("refuses revenue from a public token with 403", async () => {
    const t = await createTenant();
    const res = await ingest(t.public, "revenue", revenueData());
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "Revenue events require secret token" });
  });

  it("refuses a public token with an origin list from another origin or without Origin", async () => {
    const site = await createSite();
    const pub = await createToken(site.id, { kind: "public", allowed_origins: ["https://shop.example"] });
    const data = { visitor_fingerprint: "f", session_id: "s", url: "https://shop.example/" };
    const other = await ingest(pub.token, "pageview", data, { origin: "https://evil.example" });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: "Origin not allowed" });
    const none = await ingest(pub.token, "pageview", data);
    expect(none.status).toBe(403);
    expect((await ingest(pub.token, "pageview", data, { origin: "https://shop.example" })).status).toBe(202);
  });

  it("stops accepting a revoked token at once", async () => {
    const t = await createTenant();
    expect((await ingest(t.secret, "revenue", revenueData())).status).toBe(202);
    expect((await admin("DELETE", `/admin/tokens/${t.secretId}`)).status).toBe(204);
    const res = await ingest(t.secret, "revenue", revenueData());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(invalid);
  });

  it("admits exactly the limit under 20 concurrent requests and refuses the rest with an honest Retry-After", async () => {
    const site = await createSite();
    const tok = await createToken(site.id, { kind: "secret", rate_limit: { limit: 5, window_seconds: 60 } });
    const responses = await Promise.all(Array.from({ length: 20 }, () => ingest(tok.token, "revenue", revenueData())));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(15);
    for (const r of limited) {
      const retryAfter = Number(r.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(r.headers.get("ratelimit-limit")).toBe("5");
      expect(r.headers.get("ratelimit-remaining")).toBe("0");
      expect(await r.json()).toEqual({ error: "Rate limited" });
    }
    const ok = responses.find((r) => r.status === 202)!;
    expect(Number(ok.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    expect(Number(ok.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
  });

  it("admits again after Retry-After seconds", async () => {
    const site = await createSite();
    const tok = await createToken(site.id, { kind: "secret", rate_limit: { limit: 1, window_seconds: 1 } });
    let first = await ingest(tok.token, "revenue", revenueData());
    // Align to the start of a one-second window so the second request lands in the same one.
    if (first.status === 429) first = await new Promise((r) => setTimeout(r, 1000)).then(() => ingest(tok.token, "revenue", revenueData()));
    const second = await ingest(tok.token, "revenue", revenueData());
    if (second.status === 429) {
      const wait = Number(second.headers.get("retry-after"));
      expect(wait).toBe(1);
      await new Promise((r) => setTimeout(r, wait * 1000));
      expect((await ingest(tok.token, "revenue", revenueData())).status).toBe(202);
    } else {
      // The first request was at the very end of a window; the second opened a new one.
      expect(second.status).toBe(202);
    }
  });

  it("applies a changed limit at once in the isolate that changed it", async () => {
    const site = await createSite();
    const tok = await createToken(site.id, { kind: "secret", rate_limit: { limit: 1, window_seconds: 3600 } });
    await ingest(tok.token, "revenue", revenueData());
    expect((await ingest(tok.token, "revenue", revenueData())).status).toBe(429);
    const patched = await admin("PATCH", `/admin/tokens/${tok.id}`, { rate_limit: { limit: 10, window_seconds: 3600 } });
    expect(patched.status).toBe(200);
    expect((await ingest(tok.token, "revenue", revenueData())).status).toBe(202);
  });

  it("limits public tokens per client IP", async () => {
    const site = await createSite();
    const pub = await createToken(site.id, { kind: "public", rate_limit: { limit: 1, window_seconds: 3600 } });
    const data = { visitor_fingerprint: "f", session_id: "s", url: "https://shop.example/" };
    expect((await ingest(pub.token, "pageview", data, { "cf-connecting-ip": "203.0.113.1" })).status).toBe(202);
    expect((await ingest(pub.token, "pageview", data, { "cf-connecting-ip": "203.0.113.1" })).status).toBe(429);
    expect((await ingest(pub.token, "pageview", data, { "cf-connecting-ip": "203.0.113.2" })).status).toBe(202);
  });

  it("keys public tokens by CF-Connecting-IP only: X-Real-IP and X-Forwarded-For are ignored", async () => {
    const site = await createSite();
    const pub = await createToken(site.id, { kind: "public", rate_limit: { limit: 1, window_seconds: 3600 } });
    const data = { visitor_fingerprint: "f", session_id: "s", url: "https://shop.example/" };
    const from = (spoofed: string) => ({ "cf-connecting-ip": "203.0.113.7", "x-real-ip": spoofed, "x-forwarded-for": spoofed });
    expect((await ingest(pub.token, "pageview", data, from("192.0.2.1"))).status).toBe(202);
    expect((await ingest(pub.token, "pageview", data, from("192.0.2.2"))).status).toBe(429);
    // Without CF-Connecting-IP, a claimed X-Real-IP does not open a budget of its own either.
    const other = await createToken(site.id, { kind: "public", rate_limit: { limit: 1, window_seconds: 3600 } });
    expect((await ingest(other.token, "pageview", data, { "x-real-ip": "192.0.2.3" })).status).toBe(202);
    expect((await ingest(other.token, "pageview", data, { "x-real-ip": "192.0.2.4" })).status).toBe(429);
  });

  it("keys IPv6 clients of public tokens by their /64", async () => {
    const site = await createSite();
    const pub = await createToken(site.id, { kind: "public", rate_limit: { limit: 1, window_seconds: 3600 } });
    const data = { visitor_fingerprint: "f", session_id: "s", url: "https://shop.example/" };
    expect((await ingest(pub.token, "pageview", data, { "cf-connecting-ip": "2001:db8:1:2::1" })).status).toBe(202);
    expect((await ingest(pub.token, "pageview", data, { "cf-connecting-ip": "2001:db8:1:2:ffff:ffff:ffff:ffff" })).status).toBe(429);
    expect((await ingest(pub.token, "pageview", data, { "cf-connecting-ip": "2001:db8:1:3::1" })).status).toBe(202);
  });
});
