import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { customEvent, deliver, getJson, pageview, webMessage } from "../support/web-events";

const totals = (siteId: string) =>
  env.DB.prepare("SELECT day, pageviews, events, visitors, sessions, bot_hits FROM web_daily_totals WHERE site_id = ? ORDER BY day")
    .bind(siteId)
    .all()
    .then((r) => r.results);
const breakdown = (siteId: string) =>
  env.DB.prepare(
    "SELECT dimension, day, value, visitors, pageviews, events FROM web_daily_breakdown WHERE site_id = ? ORDER BY dimension, day, value",
  )
    .bind(siteId)
    .all()
    .then((r) => r.results);

describe("events consumer: analytics rollups (happy)", () => {
  it("counts nothing twice when the same messages are delivered again, alone or with new ones", async () => {
    const t = await createTenant();
    const s = t.site.id;
    const first = [
      pageview(s, "2026-05-01T10:00:00.000Z", { visitorFingerprint: "a", sessionId: "a1", path: "/", utmSource: "x" }),
      customEvent(s, "2026-05-01T10:00:01.000Z", "click", { visitorFingerprint: "a", sessionId: "a1" }),
      pageview(s, "2026-05-01T10:00:00.000Z", { visitorFingerprint: "bot", isBot: true }),
    ];
    await deliver(first);
    const before = { totals: await totals(s), breakdown: await breakdown(s) };
    expect(before.totals).toEqual([{ day: "2026-05-01", pageviews: 1, events: 1, visitors: 1, sessions: 1, bot_hits: 1 }]);

    await deliver(first, 2); // redelivery of the whole batch
    await deliver([first[0]!, first[0]!, first[1]!], 3); // the same message twice in one batch
    expect({ totals: await totals(s), breakdown: await breakdown(s) }).toEqual(before);

    // A redelivery mixed with a new pageview of the same visitor: only the new one counts.
    await deliver([first[0]!, pageview(s, "2026-05-01T11:00:00.000Z", { visitorFingerprint: "a", sessionId: "a1", path: "/" })], 2);
    expect(await totals(s)).toEqual([{ day: "2026-05-01", pageviews: 2, events: 1, visitors: 1, sessions: 1, bot_hits: 1 }]);
  });

  it("counts a visitor once per day across separate batches", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([pageview(s, "2026-05-02T09:00:00.000Z", { visitorFingerprint: "a", sessionId: "a1", path: "/x" })]);
    await deliver([pageview(s, "2026-05-02T15:00:00.000Z", { visitorFingerprint: "a", sessionId: "a2", path: "/x" })]);
    const { body } = await getJson(`/v1/${s}/analytics/breakdown?by=path&from=2026-05-02&to=2026-05-02`, t.secret);
    expect(body.data).toEqual([{ value: "/x", visitors: 1, pageviews: 2, events: 0 }]);
    expect(await totals(s)).toEqual([{ day: "2026-05-02", pageviews: 2, events: 0, visitors: 1, sessions: 2, bot_hits: 0 }]);
  });

  it("keeps a session's earliest pageview as its landing touch whatever order pageviews arrive in", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      pageview(s, "2026-05-03T10:05:00.000Z", { visitorFingerprint: "a", sessionId: "sx", path: "/second", utmSource: "later" }),
    ]);
    await deliver([
      pageview(s, "2026-05-03T10:00:00.000Z", {
        visitorFingerprint: "a",
        sessionId: "sx",
        path: "/landing",
        utmSource: "ads",
        referrerSource: "google.com",
      }),
    ]);
    await deliver([pageview(s, "2026-05-03T10:09:00.000Z", { visitorFingerprint: "a", sessionId: "sx", path: "/third" })]);
    const session = await env.DB.prepare(
      "SELECT started_at, landing_path, utm_source, referrer_source FROM web_sessions WHERE site_id = ? AND session_id = 'sx'",
    )
      .bind(s)
      .first();
    expect(session).toEqual({
      started_at: "2026-05-03T10:00:00.000Z",
      landing_path: "/landing",
      utm_source: "ads",
      referrer_source: "google.com",
    });
  });

  it("links a session to the customer of an identify call sent with it", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      webMessage(s, {
        type: "identify",
        visitorFingerprint: "a",
        sessionId: "s-id",
        customerId: "cus_9",
        occurredAt: "2026-05-04T00:00:00.000Z",
      }),
    ]);
    const link = await env.DB.prepare("SELECT customer_id FROM session_customers WHERE site_id = ? AND session_id = 's-id'")
      .bind(s)
      .first();
    expect(link).toEqual({ customer_id: "cus_9" });
    expect(await totals(s)).toEqual([]);
  });
});
