import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { signAccessToken } from "../../src/auth/access-token";
import { accessToken, createOAuthClient, csvOf, getRevenue, requestToken, upload } from "../accounts/support/accounts-api";
import { callWith, strongSecret } from "../support/deployed";
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

describe("OAuth2 access tokens: claims a token must carry (security)", () => {
  const now = () => Math.floor(Date.now() / 1000);
  /** A token signed with the real key, with exactly these claims. */
  const tokenWith = (claims: Record<string, unknown>) => sign(claims, env.OAUTH_SIGNING_KEY, "HS256");
  const base = (siteId: string, iat = now()) => ({
    iss: "revenue-edge",
    aud: "revenue-edge:api",
    sub: "cli_test",
    site: siteId,
    rl: 600,
    rw: 60,
    iat,
    exp: iat + 3600,
  });
  const status = async (siteId: string, token: string) =>
    (await call(`/v1/${siteId}/revenue`, { headers: { authorization: `Bearer ${token}` } })).status;

  it("an issued token carries iss, aud, iat and exp, and lives exactly 3,600 s", async () => {
    const site = await createSite();
    const token = await accessToken(await createOAuthClient(site.id));
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, number | string>;
    expect(claims).toMatchObject({ iss: "revenue-edge", aud: "revenue-edge:api", site: site.id });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(Math.abs(Number(claims.iat) - now())).toBeLessThanOrEqual(5);
    expect(await status(site.id, token)).toBe(200);
  });

  it("a well-formed token signed with the key is accepted (the baseline of the cases below)", async () => {
    const site = await createSite();
    expect(await status(site.id, await tokenWith(base(site.id)))).toBe(200);
  });

  it("a token without exp is refused", async () => {
    const site = await createSite();
    const { exp: _exp, ...claims } = base(site.id);
    expect(await status(site.id, await tokenWith(claims))).toBe(401);
  });

  it("a token without iat is refused", async () => {
    const site = await createSite();
    const { iat: _iat, ...claims } = base(site.id);
    expect(await status(site.id, await tokenWith(claims))).toBe(401);
  });

  it("a token whose lifetime is over 3,600 s is refused, even while it is current", async () => {
    const site = await createSite();
    expect(await status(site.id, await tokenWith({ ...base(site.id), exp: now() + 3601 }))).toBe(401);
    expect(await status(site.id, await tokenWith({ ...base(site.id), exp: now() + 10 * 365 * 86400 }))).toBe(401);
  });

  it("a token without aud, or for another audience, is refused", async () => {
    const site = await createSite();
    const { aud: _aud, ...noAudience } = base(site.id);
    expect(await status(site.id, await tokenWith(noAudience))).toBe(401);
    expect(await status(site.id, await tokenWith({ ...base(site.id), aud: "another-service" }))).toBe(401);
    expect(await status(site.id, await tokenWith({ ...base(site.id), aud: ["another-service", "revenue-edge:api"] }))).toBe(200);
  });

  it("allows 60 s of clock skew: iat up to 60 s ahead and exp up to 60 s past are accepted, beyond that refused", async () => {
    const site = await createSite();
    expect(await status(site.id, await tokenWith(base(site.id, now() + 30)))).toBe(200);
    expect(await status(site.id, await tokenWith(base(site.id, now() + 120)))).toBe(401);
    expect(await status(site.id, await tokenWith(base(site.id, now() - 3600 + 30)))).toBe(200); // expired 30 s ago
    expect(await status(site.id, await tokenWith(base(site.id, now() - 3600 - 120)))).toBe(401); // expired 2 min ago
  });

  it("a token signed with another algorithm, or unsigned, is refused", async () => {
    const site = await createSite();
    expect(await status(site.id, await sign(base(site.id), env.OAUTH_SIGNING_KEY, "HS512"))).toBe(401);
    const [, payload] = (await tokenWith(base(site.id))).split(".");
    const none = btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "");
    expect(await status(site.id, `${none}.${payload}.x`)).toBe(401);
  });
});

describe("OAuth2 signing key outside local development (security)", () => {
  const committedDefault = "dev-oauth-signing-key-change-me-0123456789abcdef";
  const form = (client: { client_id: string; client_secret: string }) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", ...client }).toString(),
  });

  it.each([
    ["the committed development key", committedDefault],
    ["a key of fewer than 8 distinct characters", "ab".repeat(32)],
  ])("%s issues no token (503 naming OAUTH_SIGNING_KEY) and verifies none (401)", async (_what, key) => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    const vars = { ENVIRONMENT: "production", OAUTH_SIGNING_KEY: key };
    const res = await callWith(vars, "/oauth2/token", form(client));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe("temporarily_unavailable");
    expect(body.error_description).toContain("OAUTH_SIGNING_KEY");

    // A token forged with that key (anyone can read the committed one) is not accepted.
    const forged = await signAccessToken(key, grant(client.client_id, site.id));
    expect((await callWith(vars, `/v1/${site.id}/revenue`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
  });

  it("the committed development key works where ENVIRONMENT is development", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    const vars = { ENVIRONMENT: "development", OAUTH_SIGNING_KEY: committedDefault };
    const res = await callWith(vars, "/oauth2/token", form(client));
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect((await callWith(vars, `/v1/${site.id}/revenue`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
  });

  it("a strong key works outside development", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    const vars = { ENVIRONMENT: "production", OAUTH_SIGNING_KEY: strongSecret() };
    const res = await callWith(vars, "/oauth2/token", form(client));
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect((await callWith(vars, `/v1/${site.id}/revenue`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
  });
});
