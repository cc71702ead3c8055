import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

// The exact requests @pulsora/core 1.0.1 makes (read from its dist/: src/transport.ts, src/tracker.ts):
// sendBeacon with a text/plain Blob of {type, data, token}, or fetch with Content-Type:
// application/json and X-API-Token; `visitor_fingerprint: null`; no `timestamp` (the transport strips it).
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

function trackerPageview(sessionId: string, extra: Record<string, unknown> = {}) {
  return {
    visitor_fingerprint: null,
    session_id: sessionId,
    url: "https://shop.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
    path: "/pricing",
    referrer: "https://www.news.example/article",
    referrer_source: "news.example",
    title: "Pricing",
    locale: "en-US",
    utm_source: "newsletter",
    utm_medium: "email",
    utm_campaign: "spring",
    ...extra,
  };
}

function beacon(token: string, type: string, data: unknown, headers: Record<string, string> = {}) {
  return call("/api/ingest", {
    method: "POST",
    headers: {
      "content-type": "text/plain;charset=UTF-8",
      origin: "https://shop.example",
      "user-agent": CHROME,
      "cf-connecting-ip": "198.51.100.1",
      ...headers,
    },
    body: JSON.stringify({ type, data, token }),
  });
}

async function storedEvents(siteId: string, count: number) {
  return vi.waitUntil(
    async () => {
      const { results } = await env.DB.prepare("SELECT * FROM web_events WHERE site_id = ? ORDER BY type, session_id")
        .bind(siteId)
        .all<Record<string, unknown>>();
      return results.length >= count ? results : false;
    },
    { timeout: 15_000, interval: 50 },
  );
}

describe("POST /api/ingest with @pulsora/core's payloads (happy)", () => {
  it("stores a beacon pageview with visitor_fingerprint null under a server-derived id, keeping every field sent", async () => {
    const t = await createTenant();
    const res = await beacon(t.public, "pageview", trackerPageview("sess-1"));
    expect(res.status).toBe(202);
    const [row] = await storedEvents(t.site.id, 1);
    expect(row).toMatchObject({
      type: "pageview",
      visitor_source: "server",
      session_id: "sess-1",
      url: "https://shop.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
      path: "/pricing",
      referrer: "https://www.news.example/article",
      referrer_source: "news.example",
      title: "Pricing",
      locale: "en-US",
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "spring",
      is_bot: 0,
    });
    expect(row!.visitor_fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives the pageviews and events of one browser (CF-Connecting-IP and User-Agent) one visitor id, and another browser another", async () => {
    const t = await createTenant();
    // Absent or null fingerprint alike; X-Forwarded-For and X-Real-IP are set by clients and not used.
    expect((await beacon(t.public, "pageview", trackerPageview("a"), { "x-forwarded-for": "10.0.0.1" })).status).toBe(202);
    const { visitor_fingerprint: _omit, ...withoutFingerprint } = trackerPageview("b");
    expect((await beacon(t.public, "pageview", withoutFingerprint, { "x-real-ip": "10.0.0.2" })).status).toBe(202);
    expect(
      (
        await beacon(t.public, "event", {
          visitor_fingerprint: null,
          session_id: "c",
          event_name: "cta",
          event_data: { button: "buy" },
          url: "https://shop.example/",
          path: "/",
        })
      ).status,
    ).toBe(202);
    expect((await beacon(t.public, "pageview", trackerPageview("d"), { "cf-connecting-ip": "198.51.100.2" })).status).toBe(202);
    expect((await beacon(t.public, "pageview", trackerPageview("e"), { "user-agent": `${CHROME} Edg/156.0` })).status).toBe(202);
    const rows = await storedEvents(t.site.id, 5);
    const bySession = Object.fromEntries(rows.map((r) => [r.session_id, r.visitor_fingerprint]));
    expect(bySession.b).toBe(bySession.a);
    expect(bySession.c).toBe(bySession.a);
    expect(bySession.d).not.toBe(bySession.a);
    expect(bySession.e).not.toBe(bySession.a);
    expect(rows.find((r) => r.session_id === "c")).toMatchObject({
      type: "event",
      name: "cta",
      properties: JSON.stringify({ button: "buy" }),
    });
  });

  it("uses a client-sent fingerprint as sent", async () => {
    const t = await createTenant();
    expect((await beacon(t.public, "pageview", trackerPageview("s", { visitor_fingerprint: "fp_from_client" }))).status).toBe(202);
    const [row] = await storedEvents(t.site.id, 1);
    expect(row).toMatchObject({ visitor_fingerprint: "fp_from_client", visitor_source: "client" });
  });

  it("derives referrer_source from referrer when a client sent none (not for the page's own host)", async () => {
    const t = await createTenant();
    const { referrer_source: _a, ...external } = trackerPageview("x", { referrer: "https://www.search.example/?q=1" });
    const { referrer_source: _b, ...internal } = trackerPageview("y", { referrer: "https://shop.example/home" });
    expect((await beacon(t.public, "pageview", external)).status).toBe(202);
    expect((await beacon(t.public, "pageview", internal)).status).toBe(202);
    const rows = await storedEvents(t.site.id, 2);
    expect(rows.map((r) => [r.session_id, r.referrer_source])).toEqual([
      ["x", "search.example"],
      ["y", null],
    ]);
  });

  it("stores browser requests from crawlers and headless browsers marked as bots, and trusts secret-token senders", async () => {
    const t = await createTenant();
    expect(
      (
        await beacon(t.public, "pageview", trackerPageview("google"), {
          "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        })
      ).status,
    ).toBe(202);
    expect(
      (await beacon(t.public, "pageview", trackerPageview("headless"), { "user-agent": CHROME.replace("Chrome/", "HeadlessChrome/") }))
        .status,
    ).toBe(202);
    expect((await beacon(t.public, "pageview", trackerPageview("person"))).status).toBe(202);
    expect(
      (await beacon(t.secret, "pageview", trackerPageview("server", { visitor_fingerprint: "v" }), { "user-agent": "curl/8.5.0" })).status,
    ).toBe(202);
    const rows = await storedEvents(t.site.id, 4);
    expect(Object.fromEntries(rows.map((r) => [r.session_id, r.is_bot]))).toEqual({ google: 1, headless: 1, person: 0, server: 0 });
  });
});
