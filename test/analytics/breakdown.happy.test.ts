import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { customEvent, deliver, getJson, pageview } from "../support/web-events";

describe("GET /v1/{siteId}/analytics/breakdown (happy)", () => {
  it("breaks pageviews down by path, referrer_source, UTM and locale, most visitors first, null for no value", async () => {
    const t = await createTenant();
    const s = t.site.id;
    const day = "2026-04-10T12:00:00.000Z";
    await deliver([
      pageview(s, day, {
        visitorFingerprint: "a",
        path: "/pricing",
        referrerSource: "news.example",
        utmSource: "newsletter",
        utmMedium: "email",
        utmCampaign: "spring",
        locale: "en-US",
      }),
      pageview(s, day, {
        visitorFingerprint: "a",
        path: "/pricing",
        referrerSource: "news.example",
        utmSource: "newsletter",
        locale: "en-US",
      }),
      pageview(s, day, { visitorFingerprint: "b", path: "/pricing", locale: "de-DE" }),
      pageview(s, day, { visitorFingerprint: "b", path: "/", utmSource: "" }),
    ]);
    const q = `from=2026-04-10&to=2026-04-10`;
    const path = await getJson(`/v1/${s}/analytics/breakdown?by=path&${q}`, t.secret);
    expect(path.status).toBe(200);
    expect(path.body).toEqual({
      by: "path",
      from: "2026-04-10",
      to: "2026-04-10",
      data: [
        { value: "/pricing", visitors: 2, pageviews: 3, events: 0 },
        { value: "/", visitors: 1, pageviews: 1, events: 0 },
      ],
    });
    const referrers = await getJson(`/v1/${s}/analytics/breakdown?by=referrer_source&${q}`, t.secret);
    // Ties (same visitors and hits) are in value order, "no value" first.
    expect(referrers.body.data).toEqual([
      { value: null, visitors: 1, pageviews: 2, events: 0 },
      { value: "news.example", visitors: 1, pageviews: 2, events: 0 },
    ]);
    const utm = await getJson(`/v1/${s}/analytics/breakdown?by=utm_source&${q}`, t.secret);
    expect(utm.body.data).toEqual([
      { value: null, visitors: 1, pageviews: 2, events: 0 },
      { value: "newsletter", visitors: 1, pageviews: 2, events: 0 },
    ]);
    const campaign = await getJson(`/v1/${s}/analytics/breakdown?by=utm_campaign&${q}`, t.secret);
    expect(campaign.body.data).toContainEqual({ value: "spring", visitors: 1, pageviews: 1, events: 0 });
    const locale = await getJson(`/v1/${s}/analytics/breakdown?by=locale&${q}`, t.secret);
    expect(locale.body.data).toEqual([
      { value: "en-US", visitors: 1, pageviews: 2, events: 0 },
      { value: null, visitors: 1, pageviews: 1, events: 0 },
      { value: "de-DE", visitors: 1, pageviews: 1, events: 0 },
    ]);
  });

  it("counts custom events per name, and per path together with pageviews", async () => {
    const t = await createTenant();
    const s = t.site.id;
    const day = "2026-04-11T08:00:00.000Z";
    await deliver([
      pageview(s, day, { visitorFingerprint: "a", path: "/checkout" }),
      customEvent(s, day, "purchase_click", { visitorFingerprint: "a", path: "/checkout" }),
      customEvent(s, day, "purchase_click", { visitorFingerprint: "b", path: "/checkout" }),
      customEvent(s, day, "newsletter", { visitorFingerprint: "b", path: "/" }),
    ]);
    const names = await getJson(`/v1/${s}/analytics/breakdown?by=event_name&from=2026-04-11&to=2026-04-11`, t.secret);
    expect(names.body.data).toEqual([
      { value: "purchase_click", visitors: 2, pageviews: 0, events: 2 },
      { value: "newsletter", visitors: 1, pageviews: 0, events: 1 },
    ]);
    const paths = await getJson(`/v1/${s}/analytics/breakdown?by=path&from=2026-04-11&to=2026-04-11&limit=1`, t.secret);
    expect(paths.body.data).toEqual([{ value: "/checkout", visitors: 2, pageviews: 1, events: 2 }]);
  });

  it("sums each day's unique visitors over a range (a visitor on two days counts on each)", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      pageview(s, "2026-04-01T08:00:00.000Z", { visitorFingerprint: "a", path: "/" }),
      pageview(s, "2026-04-02T08:00:00.000Z", { visitorFingerprint: "a", path: "/" }),
      pageview(s, "2026-04-03T08:00:00.000Z", { visitorFingerprint: "a", path: "/" }),
    ]);
    const { body } = await getJson(`/v1/${s}/analytics/breakdown?by=path&from=2026-04-02&to=2026-04-03`, t.secret);
    expect(body.data).toEqual([{ value: "/", visitors: 2, pageviews: 2, events: 0 }]);
  });
});
