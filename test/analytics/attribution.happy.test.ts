import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../src/surfaces/events/queue-messages";
import { createTenant } from "../support/fixtures";
import { deliver, getJson, pageview, webMessage } from "../support/web-events";

function revenue(
  siteId: string,
  at: string,
  amountMinor: number,
  currency: string,
  link: { visitor: string; session: string; customer: string },
): EventMessage {
  return {
    v: 1,
    kind: "ingest",
    id: `evt_${crypto.randomUUID()}`,
    siteId,
    receivedAt: at,
    event: {
      type: "revenue",
      transactionId: `tx_${crypto.randomUUID()}`,
      amountMinor,
      currency,
      eventType: "purchase",
      customerId: link.customer,
      visitorFingerprint: link.visitor,
      sessionId: link.session,
      paymentProcessor: null,
      subscriptionId: null,
      mrrImpactMinor: null,
      isRecurring: null,
      metadata: null,
    },
  };
}

const identify = (siteId: string, at: string, visitor: string, session: string, customer: string) =>
  webMessage(siteId, { type: "identify", visitorFingerprint: visitor, sessionId: session, customerId: customer, occurredAt: at });

/** One site with journeys that exercise every link and both models. */
async function journeys() {
  const t = await createTenant();
  const s = t.site.id;
  await deliver([
    // v1: two sessions before buying, linked by the revenue's own visitor_fingerprint.
    pageview(s, "2026-07-01T10:00:00.000Z", {
      visitorFingerprint: "v1",
      sessionId: "s1",
      path: "/a",
      utmSource: "google",
      referrerSource: "google.com",
    }),
    pageview(s, "2026-07-01T10:02:00.000Z", { visitorFingerprint: "v1", sessionId: "s1", path: "/b" }),
    pageview(s, "2026-07-03T10:00:00.000Z", {
      visitorFingerprint: "v1",
      sessionId: "s2",
      path: "/c",
      utmSource: "newsletter",
      utmCampaign: "july",
    }),
    // v2: linked to cus_2 by identify (visitor ↔ customer).
    pageview(s, "2026-07-01T12:00:00.000Z", { visitorFingerprint: "v2", sessionId: "s3", path: "/fb", utmSource: "facebook" }),
    identify(s, "2026-07-01T12:01:00.000Z", "v2", "s3", "cus_2"),
    // v3: cus_3's identify names a fingerprint without sessions, but its session s4 is v3's.
    pageview(s, "2026-07-02T08:00:00.000Z", { visitorFingerprint: "v3", sessionId: "s4", path: "/tw", utmSource: "twitter" }),
    identify(s, "2026-07-02T08:05:00.000Z", "server-only-id", "s4", "cus_3"),
    // v4: linked only through the revenue's session_id.
    pageview(s, "2026-07-02T09:00:00.000Z", { visitorFingerprint: "v4", sessionId: "s5", path: "/bing", utmSource: "bing" }),
    // v5: its only session starts after the purchase.
    pageview(s, "2026-07-10T09:00:00.000Z", { visitorFingerprint: "v5", sessionId: "s6", utmSource: "late" }),
    // v6: a bot's session is no touch.
    pageview(s, "2026-07-01T09:00:00.000Z", { visitorFingerprint: "v6", sessionId: "s7", utmSource: "spam", isBot: true }),
    // v7: a session 100 days before the purchase is outside the default 90-day lookback.
    pageview(s, "2026-03-27T09:00:00.000Z", { visitorFingerprint: "v7", sessionId: "s8", utmSource: "old" }),
  ]);
  await deliver([
    revenue(s, "2026-07-04T10:00:00.000Z", 10000, "USD", { visitor: "v1", session: "s-checkout", customer: "cus_1" }),
    revenue(s, "2026-07-05T10:00:00.000Z", 5000, "EUR", { visitor: "backend", session: "backend", customer: "cus_2" }),
    revenue(s, "2026-07-05T11:00:00.000Z", 3000, "EUR", { visitor: "backend", session: "backend", customer: "cus_3" }),
    revenue(s, "2026-07-05T12:00:00.000Z", 1000, "USD", { visitor: "backend", session: "s5", customer: "cus_4" }),
    revenue(s, "2026-07-06T10:00:00.000Z", 2550, "USD", { visitor: "backend", session: "backend", customer: "cus_none" }),
    revenue(s, "2026-07-06T11:00:00.000Z", 500, "USD", { visitor: "v5", session: "s-x", customer: "cus_5" }),
    revenue(s, "2026-07-06T12:00:00.000Z", 700, "USD", { visitor: "v6", session: "s-y", customer: "cus_6" }),
    revenue(s, "2026-07-05T09:00:00.000Z", 300, "USD", { visitor: "v7", session: "s-z", customer: "cus_7" }),
  ]);
  return t;
}

describe("GET /v1/{siteId}/revenue/attribution (happy)", () => {
  it("gives each record to its latest touch (last_touch) and reports what has none", async () => {
    const t = await journeys();
    const { status, body } = await getJson(`/v1/${t.site.id}/revenue/attribution?by=utm_source&model=last_touch`, t.secret);
    expect(status).toBe(200);
    expect(body.data).toEqual([
      { channel: "facebook", currency: "EUR", amount: "50.00", amount_minor: 5000, count: 1 },
      { channel: "twitter", currency: "EUR", amount: "30.00", amount_minor: 3000, count: 1 },
      { channel: "newsletter", currency: "USD", amount: "100.00", amount_minor: 10000, count: 1 },
      { channel: "bing", currency: "USD", amount: "10.00", amount_minor: 1000, count: 1 },
    ]);
    expect(body.totals).toEqual([
      {
        currency: "EUR",
        amount: "80.00",
        amount_minor: 8000,
        count: 2,
        attributed_amount: "80.00",
        attributed_amount_minor: 8000,
        unattributed_amount: "0.00",
        unattributed_amount_minor: 0,
        unattributed_count: 0,
        unattributed_share: 0,
      },
      {
        currency: "USD",
        amount: "150.50",
        amount_minor: 15050,
        count: 6,
        attributed_amount: "110.00",
        attributed_amount_minor: 11000,
        unattributed_amount: "40.50",
        unattributed_amount_minor: 4050,
        unattributed_count: 4,
        unattributed_share: 0.2691,
      },
    ]);
  });

  it("gives each record to its earliest touch (first_touch), by utm_source, referrer_source or landing_path", async () => {
    const t = await journeys();
    const q = `/v1/${t.site.id}/revenue/attribution?model=first_touch&from=2026-07-04&to=2026-07-04`;
    const utm = await getJson(`${q}&by=utm_source`, t.secret);
    expect(utm.body.data).toEqual([{ channel: "google", currency: "USD", amount: "100.00", amount_minor: 10000, count: 1 }]);
    const referrer = await getJson(`${q}&by=referrer_source`, t.secret);
    expect(referrer.body.data).toEqual([{ channel: "google.com", currency: "USD", amount: "100.00", amount_minor: 10000, count: 1 }]);
    const landing = await getJson(`${q}&by=landing_path`, t.secret);
    expect(landing.body.data).toEqual([{ channel: "/a", currency: "USD", amount: "100.00", amount_minor: 10000, count: 1 }]);
    const campaignLast = await getJson(
      `/v1/${t.site.id}/revenue/attribution?model=last_touch&from=2026-07-04&to=2026-07-04&by=utm_campaign`,
      t.secret,
    );
    expect(campaignLast.body.data).toEqual([{ channel: "july", currency: "USD", amount: "100.00", amount_minor: 10000, count: 1 }]);
  });

  it("reports a touch without the channel's value as channel null, and widens the lookback on request", async () => {
    const t = await journeys();
    const q = `/v1/${t.site.id}/revenue/attribution?from=2026-07-05T09:00:00Z&to=2026-07-05T09:00:00Z`;
    expect((await getJson(q, t.secret)).body.totals[0]).toMatchObject({
      currency: "USD",
      unattributed_amount_minor: 300,
      unattributed_share: 1,
    });
    const wide = await getJson(`${q}&lookback_days=120&by=utm_campaign`, t.secret);
    expect(wide.body.data).toEqual([{ channel: null, currency: "USD", amount: "3.00", amount_minor: 300, count: 1 }]);
    expect(wide.body.totals[0]).toMatchObject({ unattributed_amount_minor: 0, unattributed_share: 0 });
  });

  it("counts only the ledger source asked for", async () => {
    const t = await journeys();
    const { body } = await getJson(`/v1/${t.site.id}/revenue/attribution?source=history`, t.secret);
    expect(body).toEqual({ by: "utm_source", model: "last_touch", lookback_days: 90, data: [], totals: [] });
  });
});
