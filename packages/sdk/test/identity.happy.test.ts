import { AuthError, RevenueEdge } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { adminClient, tenant, workerUrl } from "./support/tenant";

describe("client.me()", () => {
  it("says who a secret token, a public token and an OAuth2 client are: site, default currency, kind, type and rate limit", async () => {
    const t = await tenant({ currency: "EUR" });
    const me = await t.client().me();
    expect(me).toEqual({
      site: { id: t.siteId, name: expect.stringMatching(/^sdk test /), default_currency: "EUR" },
      token: { id: expect.any(String), kind: "secret", type: "api_token", rate_limit: { limit: 100_000, window_seconds: 60 } },
    });

    const pub = await new RevenueEdge({ baseUrl: workerUrl(), token: t.publicToken }).me();
    expect(pub.token).toMatchObject({ kind: "public", type: "api_token" });
    expect(pub.site.id).toBe(t.siteId);

    const oauth = await adminClient().admin.createOAuthClient(t.siteId, { name: "me test" });
    const viaOAuth = await new RevenueEdge({ baseUrl: workerUrl(), clientId: oauth.client_id, clientSecret: oauth.client_secret }).me();
    expect(viaOAuth).toMatchObject({ site: { id: t.siteId }, token: { type: "oauth_access_token" } });
  });

  it("throws AuthError (401) with the request id for a token the server does not know", async () => {
    const client = new RevenueEdge({ baseUrl: workerUrl(), token: `sec_${"x".repeat(32)}`, maxRetries: 0 });
    const error = await client.me().catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.requestId).toMatch(/^sdk-[A-Za-z0-9]{24}$/);
  });
});
