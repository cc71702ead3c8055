import { describe, expect, it } from "vitest";
import { createSite, createToken } from "../support/fixtures";
import { admin, call } from "../support/http";

describe("GET /v1/me (security)", () => {
  it("answers 401 in the native error shape without a token, with a malformed one and with a revoked one", async () => {
    const site = await createSite();
    const token = await createToken(site.id);
    expect((await admin("DELETE", `/admin/tokens/${token.id}`)).status).toBe(204);
    for (const headers of [{}, { authorization: "Bearer nope" }, { authorization: `Bearer ${token.token}` }] as Array<
      Record<string, string>
    >) {
      const res = await call("/v1/me", { headers });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe("UNAUTHORIZED");
      expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
    }
  });

  it("counts against the token's rate limit: over it, 429 with Retry-After", async () => {
    const site = await createSite();
    const token = await createToken(site.id, { rate_limit: { limit: 1, window_seconds: 3600 } });
    const headers = { authorization: `Bearer ${token.token}` };
    expect((await call("/v1/me", { headers })).status).toBe(200);
    const res = await call("/v1/me", { headers });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });

  it("does not accept the admin token (it belongs to no site)", async () => {
    const res = await call("/v1/me", { headers: { authorization: `Bearer ${(await import("cloudflare:workers")).env.ADMIN_TOKEN}` } });
    expect(res.status).toBe(401);
  });
});
