import { describe, expect, it } from "vitest";
import { ingest, revenueData, waitForRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

describe("GET /v1/{siteId}/revenue (security)", () => {
  it("does not let one site's token read another site's revenue", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await ingest(a.secret, "revenue", revenueData());
    await waitForRevenue(a.site.id, a.secret, 1);
    const res = await call(`/v1/${a.site.id}/revenue`, { headers: { authorization: `Bearer ${b.secret}` } });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe("FORBIDDEN");
    const own = await call(`/v1/${b.site.id}/revenue`, { headers: { authorization: `Bearer ${b.secret}` } });
    expect(((await own.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("answers 404 for a site that does not exist and 401 without a valid token", async () => {
    const a = await createTenant();
    expect((await call(`/v1/site_nope/revenue`, { headers: { authorization: `Bearer ${a.secret}` } })).status).toBe(404);
    const none = await call(`/v1/${a.site.id}/revenue`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it("refuses public tokens (they may only send events)", async () => {
    const a = await createTenant();
    const res = await call(`/v1/${a.site.id}/revenue`, { headers: { authorization: `Bearer ${a.public}` } });
    expect(res.status).toBe(403);
  });

  it("accepts the token in every documented header style", async () => {
    const a = await createTenant();
    for (const headers of [
      { authorization: `Bearer ${a.secret}` },
      { authorization: `api_key ${a.secret}` },
      { "x-api-key": a.secret },
      { "x-api-token": a.secret },
    ] as Array<Record<string, string>>) {
      expect((await call(`/v1/${a.site.id}/revenue`, { headers })).status).toBe(200);
    }
  });

  it("carries RateLimit headers", async () => {
    const a = await createTenant();
    const res = await call(`/v1/${a.site.id}/revenue`, { headers: { authorization: `Bearer ${a.secret}` } });
    expect(res.headers.get("ratelimit-limit")).toBe("600");
    expect(Number(res.headers.get("ratelimit-remaining"))).toBeLessThan(600);
  });
});
