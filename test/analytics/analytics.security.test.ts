import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { deliver, getJson, pageview } from "../support/web-events";

const endpoints = ["/analytics/summary", "/analytics/breakdown?by=path", "/events", "/revenue/attribution"];

describe("web analytics endpoints (security)", () => {
  for (const endpoint of endpoints) {
    it(`${endpoint}: refuses no token (401), a public token (403), another site's token (403), and names an unknown site (404)`, async () => {
      const t = await createTenant();
      const other = await createTenant();
      expect((await call(`/v1/${t.site.id}${endpoint}`)).status).toBe(401);
      const pub = await getJson(`/v1/${t.site.id}${endpoint}`, t.public);
      expect(pub.status).toBe(403);
      expect(pub.body.error.code).toBe("FORBIDDEN");
      expect((await getJson(`/v1/${t.site.id}${endpoint}`, other.secret)).status).toBe(403);
      expect((await getJson(`/v1/site_nope${endpoint}`, t.secret)).status).toBe(404);
      expect((await getJson(`/v1/${t.site.id}${endpoint}`, t.secret)).status).toBe(200);
    });
  }

  it("never shows one site's web data to another site", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await deliver([pageview(a.site.id, "2026-08-01T10:00:00.000Z", { visitorFingerprint: "same", sessionId: "same", path: "/secret" })]);
    const summary = await getJson(`/v1/${b.site.id}/analytics/summary?from=2026-08-01&to=2026-08-01`, b.secret);
    expect(summary.body.totals).toEqual({ visitors: 0, sessions: 0, pageviews: 0, events: 0 });
    expect((await getJson(`/v1/${b.site.id}/analytics/breakdown?by=path&from=2026-08-01&to=2026-08-01`, b.secret)).body.data).toEqual([]);
    expect((await getJson(`/v1/${b.site.id}/events?session=same`, b.secret)).body.data).toEqual([]);
  });
});
