import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { customEvent, deliver, getJson, pageview } from "../support/web-events";

describe("GET /v1/{siteId}/analytics/summary (happy)", () => {
  it("counts distinct visitors and sessions per day, pageviews and custom events, with every day of the range", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      pageview(s, "2026-03-02T10:00:00.000Z", { visitorFingerprint: "a", sessionId: "a1" }),
      pageview(s, "2026-03-02T10:01:00.000Z", { visitorFingerprint: "a", sessionId: "a1" }),
      pageview(s, "2026-03-02T18:00:00.000Z", { visitorFingerprint: "a", sessionId: "a2" }),
      pageview(s, "2026-03-02T11:00:00.000Z", { visitorFingerprint: "b", sessionId: "b1" }),
      customEvent(s, "2026-03-02T11:00:05.000Z", "signup", { visitorFingerprint: "b", sessionId: "b1" }),
      pageview(s, "2026-03-04T09:00:00.000Z", { visitorFingerprint: "a", sessionId: "a3" }),
    ]);
    const { status, body } = await getJson(`/v1/${s}/analytics/summary?from=2026-03-01&to=2026-03-04`, t.secret);
    expect(status).toBe(200);
    expect(body).toEqual({
      from: "2026-03-01",
      to: "2026-03-04",
      interval: "day",
      data: [
        { bucket: "2026-03-01", visitors: 0, sessions: 0, pageviews: 0, events: 0 },
        { bucket: "2026-03-02", visitors: 2, sessions: 3, pageviews: 4, events: 1 },
        { bucket: "2026-03-03", visitors: 0, sessions: 0, pageviews: 0, events: 0 },
        { bucket: "2026-03-04", visitors: 1, sessions: 1, pageviews: 1, events: 0 },
      ],
      totals: { visitors: 3, sessions: 4, pageviews: 5, events: 1 },
    });
  });

  it("adds up days into ISO weeks (starting Monday) and months", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      pageview(s, "2026-02-28T12:00:00.000Z", { visitorFingerprint: "a" }), // Saturday, week of 02-23
      pageview(s, "2026-03-01T12:00:00.000Z", { visitorFingerprint: "a" }), // Sunday, same week
      pageview(s, "2026-03-02T12:00:00.000Z", { visitorFingerprint: "b" }), // Monday
    ]);
    const week = await getJson(`/v1/${s}/analytics/summary?from=2026-02-28&to=2026-03-02&interval=week`, t.secret);
    expect(week.body.data).toEqual([
      { bucket: "2026-02-23", visitors: 2, sessions: 2, pageviews: 2, events: 0 },
      { bucket: "2026-03-02", visitors: 1, sessions: 1, pageviews: 1, events: 0 },
    ]);
    const month = await getJson(`/v1/${s}/analytics/summary?from=2026-02-28&to=2026-03-02&interval=month`, t.secret);
    expect(month.body.data.map((b: { bucket: string; pageviews: number }) => [b.bucket, b.pageviews])).toEqual([
      ["2026-02", 1],
      ["2026-03", 2],
    ]);
  });

  it("does not count bots, nor identify calls", async () => {
    const t = await createTenant();
    const s = t.site.id;
    await deliver([
      pageview(s, "2026-03-02T10:00:00.000Z", { visitorFingerprint: "human" }),
      pageview(s, "2026-03-02T10:00:00.000Z", { visitorFingerprint: "crawler", isBot: true }),
      customEvent(s, "2026-03-02T10:00:00.000Z", "click", { visitorFingerprint: "crawler", isBot: true }),
    ]);
    const { body } = await getJson(`/v1/${s}/analytics/summary?from=2026-03-02&to=2026-03-02`, t.secret);
    expect(body.totals).toEqual({ visitors: 1, sessions: 1, pageviews: 1, events: 0 });
  });

  it("defaults to the last 30 days, today included", async () => {
    const t = await createTenant();
    const { body } = await getJson(`/v1/${t.site.id}/analytics/summary`, t.secret);
    expect(body.data).toHaveLength(30);
    expect(body.to).toBe(new Date().toISOString().slice(0, 10));
  });
});
