import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signAccessToken } from "../../src/auth/access-token";
import { accessToken, createOAuthClient, csvOf, getRevenue, requestToken, upload } from "../accounts/support/accounts-api";
import { createSite } from "../support/fixtures";
import { admin, call } from "../support/http";

const grant = (clientId: string, siteId: string) => ({ clientId, siteId, rateLimit: { limit: 600, windowSeconds: 60 } });

describe("OAuth2 access tokens (security)", () => {
  it("an expired token is refused", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    const issuedTwoHoursAgo = Math.floor(Date.now() / 1000) - 7200;
    const expired = await signAccessToken(env.OAUTH_SIGNING_KEY, grant(client.client_id, site.id), issuedTwoHoursAgo);
    const res = await upload(`Bearer ${expired}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "a.csv");
    expect(res.status).toBe(401);
  });

  it("a token signed with another key, or altered, is refused", async () => {
    const site = await createSite();
    const forged = await signAccessToken("not-the-signing-key-0123456789abcdef", grant("cli_x", site.id));
    expect((await getRevenue(`Bearer ${forged}`, "Acme")).status).toBe(401);

    const real = await accessToken(await createOAuthClient(site.id));
    const [h, p, s] = real.split(".");
    const payload = JSON.parse(atob((p ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const other = await createSite();
    const altered = btoa(JSON.stringify({ ...payload, site: other.id }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    expect((await getRevenue(`Bearer ${h}.${altered}.${s}`, "Acme")).status).toBe(401);
  });

  it("a revoked client gets no new tokens; tokens already issued live out their hour", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    const issued = await accessToken(client);
    expect((await admin("DELETE", `/admin/oauth-clients/${client.client_id}`)).status).toBe(204);

    const res = await requestToken({ grant_type: "client_credentials", client_id: client.client_id, client_secret: client.client_secret });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_client");
    // Documented behaviour: verification needs no storage lookup, so the issued token still works.
    expect((await upload(`Bearer ${issued}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "a.csv")).status).toBe(200);

    const listed = (await (await admin("GET", `/admin/sites/${site.id}/oauth-clients`)).json()) as {
      data: Array<{ revoked_at: string | null }>;
    };
    expect(listed.data[0]?.revoked_at).toEqual(expect.any(String));
  });

  it("stores only a hash of the client secret", async () => {
    const client = await createOAuthClient((await createSite()).id);
    const row = await env.DB.prepare("SELECT secret_hash FROM oauth_clients WHERE id = ?")
      .bind(client.client_id)
      .first<{ secret_hash: string }>();
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.secret_hash).not.toContain(client.client_secret);
  });

  it("an access token is accepted where any Bearer token is (the native reporting API of its own site only)", async () => {
    const site = await createSite();
    const other = await createSite();
    const token = await accessToken(await createOAuthClient(site.id));
    expect((await call(`/v1/${site.id}/revenue`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await call(`/v1/${other.id}/revenue`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
  });
});
