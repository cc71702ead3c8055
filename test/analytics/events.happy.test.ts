import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { customEvent, deliver, getJson, pageview, webMessage } from "../support/web-events";

type Page = { data: Array<Record<string, unknown>>; next_cursor: string | null };

describe("GET /v1/{siteId}/events (happy)", () => {
  it("lists raw events newest first with every stored field, filtered by type, visitor and session", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      pageview(s, "2026-06-01T10:00:00.000Z", {
        visitorFingerprint: "a",
        visitorSource: "server",
        sessionId: "a1",
        url: "https://shop.example/p?utm_source=n",
        path: "/p",
        referrer: "https://www.news.example/x",
        referrerSource: "news.example",
        title: "P",
        locale: "en-GB",
        utmSource: "n",
      }),
      customEvent(s, "2026-06-01T10:00:02.000Z", "signup", { visitorFingerprint: "a", sessionId: "a1", properties: { plan: "pro" } }),
      pageview(s, "2026-06-01T10:00:01.000Z", { visitorFingerprint: "b", sessionId: "b1", isBot: true }),
      webMessage(s, {
        type: "identify",
        visitorFingerprint: "a",
        sessionId: "a1",
        customerId: "cus_1",
        occurredAt: "2026-06-01T10:00:03.000Z",
      }),
    ]);
    const all = await getJson<Page>(`/v1/${s}/events`, t.secret);
    expect(all.status).toBe(200);
    expect(all.body.data.map((e) => e.type)).toEqual(["identify", "event", "pageview", "pageview"]);
    expect(all.body.data[3]).toEqual({
      id: expect.any(String),
      type: "pageview",
      visitor_fingerprint: "a",
      visitor_source: "server",
      session_id: "a1",
      event_name: null,
      event_data: null,
      url: "https://shop.example/p?utm_source=n",
      path: "/p",
      referrer: "https://www.news.example/x",
      referrer_source: "news.example",
      title: "P",
      locale: "en-GB",
      utm_source: "n",
      utm_medium: null,
      utm_campaign: null,
      utm_term: null,
      utm_content: null,
      customer_id: null,
      is_bot: false,
      occurred_at: "2026-06-01T10:00:00.000Z",
      received_at: expect.any(String),
    });
    expect(all.body.data[1]).toMatchObject({ type: "event", event_name: "signup", event_data: { plan: "pro" } });
    expect(all.body.data[2]).toMatchObject({ visitor_fingerprint: "b", is_bot: true });

    const events = await getJson<Page>(`/v1/${s}/events?type=event`, t.secret);
    expect(events.body.data.map((e) => e.event_name)).toEqual(["signup"]);
    const visitorB = await getJson<Page>(`/v1/${s}/events?visitor=b`, t.secret);
    expect(visitorB.body.data.map((e) => e.session_id)).toEqual(["b1"]);
    const sessionA = await getJson<Page>(`/v1/${s}/events?session=a1&type=pageview`, t.secret);
    expect(sessionA.body.data.map((e) => e.path)).toEqual(["/p"]);
    const range = await getJson<Page>(`/v1/${s}/events?from=2026-06-01T10:00:01Z&to=2026-06-01T10:00:02Z`, t.secret);
    expect(range.body.data.map((e) => e.type)).toEqual(["event", "pageview"]);
  });

  it("pages through every event exactly once with next_cursor, events of the same millisecond included", async () => {
    const t = await createTenant();
    const s = t.site.id;
    const at = "2026-06-02T00:00:00.000Z";
    await deliver(Array.from({ length: 7 }, (_, i) => pageview(s, i < 4 ? at : `2026-06-02T00:00:0${i}.000Z`, { path: `/${i}` })));
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: Page } = await getJson<Page>(`/v1/${s}/events?limit=3${cursor ? `&cursor=${cursor}` : ""}`, t.secret);
      seen.push(...res.body.data.map((e) => e.path));
      cursor = res.body.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});
