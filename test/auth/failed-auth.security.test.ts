import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createOAuthClient } from "../accounts/support/accounts-api";
import { callWith, uniqueAddress } from "../support/deployed";
import { createTenant } from "../support/fixtures";

// The suite runs with a huge AUTH_FAILURE_LIMIT (many tests expect 401s from one address);
// these tests pass a small one, and each uses client addresses of its own.
const LIMIT = { AUTH_FAILURE_LIMIT: "3", AUTH_FAILURE_WINDOW_SECONDS: "3600" };
/** A well-formed secret token that belongs to nobody: looking it up costs a D1 query. */
const unknownToken = () => `sec_${crypto.randomUUID().replaceAll("-", "").slice(0, 32)}`;
const bearer = (ip: string, token: string, extra: Record<string, string> = {}) => ({
  headers: { authorization: `Bearer ${token}`, "cf-connecting-ip": ip, ...extra },
});

describe("failed authentications per client address (security)", () => {
  it("after AUTH_FAILURE_LIMIT failures from one address the next attempts get 429 with Retry-After, even with a valid token", async () => {
    const t = await createTenant();
    const ip = uniqueAddress();
    const path = `/v1/${t.site.id}/revenue`;
    for (let i = 0; i < 3; i++) expect((await callWith(LIMIT, path, bearer(ip, unknownToken()))).status).toBe(401);

    // Blocked means blocked: no lookup is made, so a valid token from that address waits too.
    const refused = await callWith(LIMIT, path, bearer(ip, t.secret));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toContain("failed authentications");

    expect((await callWith(LIMIT, path, bearer(ip, unknownToken()))).status).toBe(429);
    // Another address is not affected.
    expect((await callWith(LIMIT, path, bearer(uniqueAddress(), t.secret))).status).toBe(200);
  });

  it("successful authentications do not count", async () => {
    const t = await createTenant();
    const ip = uniqueAddress();
    for (let i = 0; i < 6; i++) expect((await callWith(LIMIT, `/v1/${t.site.id}/revenue`, bearer(ip, t.secret))).status).toBe(200);
    expect((await callWith(LIMIT, `/v1/${t.site.id}/revenue`, bearer(ip, unknownToken()))).status).toBe(401);
  });

  it("IPv6 addresses of one /64 share a budget; another /64 has its own", async () => {
    const t = await createTenant();
    const [a, b] = crypto.getRandomValues(new Uint16Array(2));
    const prefix = `2001:db8:${a!.toString(16)}:${b!.toString(16)}`;
    const path = `/v1/${t.site.id}/revenue`;
    for (const host of ["::1", ":1:2:3:4", ":ffff:ffff:ffff:ffff"]) {
      expect((await callWith(LIMIT, path, bearer(`${prefix}${host}`, unknownToken()))).status).toBe(401);
    }
    expect((await callWith(LIMIT, path, bearer(`${prefix}:0:0:0:99`, unknownToken()))).status).toBe(429);
    const otherPrefix = `2001:db8:${a!.toString(16)}:${((b! + 1) % 0xffff).toString(16)}::1`;
    expect((await callWith(LIMIT, path, bearer(otherPrefix, t.secret))).status).toBe(200);
  });

  it("the 429 comes in each surface's own error shape", async () => {
    const t = await createTenant();
    const client = await createOAuthClient(t.site.id);
    const ip = uniqueAddress();
    for (let i = 0; i < 3; i++) await callWith(LIMIT, `/v1/${t.site.id}/revenue`, bearer(ip, unknownToken()));
    const h = { "cf-connecting-ip": ip };

    const events = await callWith(LIMIT, "/api/ingest", {
      method: "POST",
      headers: { ...h, "content-type": "application/json", "x-api-token": t.secret },
      body: JSON.stringify({ type: "pageview", data: { visitor_fingerprint: "f", session_id: "s", url: "https://shop.example/" } }),
    });
    expect(events.status).toBe(429);
    expect(await events.json()).toEqual({ error: expect.stringContaining("failed authentications") });

    const history = await callWith(LIMIT, "/v2/contacts/ct_x", { headers: { ...h, "x-api-key": t.secret } });
    expect(history.status).toBe(429);
    expect(await history.json()).toEqual({ error: expect.stringContaining("failed authentications"), code: "rate_limited" });

    const batch = await callWith(LIMIT, `/v1/${t.site.id}/batch/jobs`, bearer(ip, t.secret));
    expect(batch.status).toBe(429);
    expect(await batch.json()).toEqual({ message: expect.stringContaining("failed authentications") });

    const accounts = await callWith(LIMIT, "/v4.1/company/Acme/revenue", { headers: { ...h, authorization: `api_key ${t.secret}` } });
    expect(accounts.status).toBe(429);
    expect(await accounts.json()).toEqual({
      Data: false,
      Errors: [expect.objectContaining({ message: expect.stringContaining("failed authentications") })],
    });

    const oauth = await callWith(LIMIT, "/oauth2/token", {
      method: "POST",
      headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", ...client }).toString(),
    });
    expect(oauth.status).toBe(429);
    expect(await oauth.json()).toEqual({
      error: "temporarily_unavailable",
      error_description: expect.stringContaining("failed authentications"),
    });

    const adminRes = await callWith(LIMIT, "/admin/sites", { headers: { ...h, authorization: `Bearer ${env.ADMIN_TOKEN}` } });
    expect(adminRes.status).toBe(429);
    expect(((await adminRes.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });

  it("wrong admin tokens and wrong client secrets count as failures too", async () => {
    const t = await createTenant();
    const client = await createOAuthClient(t.site.id);
    const ip = uniqueAddress();
    const h = { "cf-connecting-ip": ip };
    expect((await callWith(LIMIT, "/admin/sites", { headers: { ...h, authorization: "Bearer guess-1" } })).status).toBe(401);
    expect((await callWith(LIMIT, "/admin/sites", { headers: { ...h, authorization: "Bearer guess-2" } })).status).toBe(401);
    const tokenRequest = (secret: string) =>
      callWith(LIMIT, "/oauth2/token", {
        method: "POST",
        headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.client_id, client_secret: secret }).toString(),
      });
    expect((await tokenRequest("cs_wrong")).status).toBe(401);
    expect((await tokenRequest(client.client_secret)).status).toBe(429);
  });

  it("X-Real-IP and X-Forwarded-For do not give a guesser a fresh budget", async () => {
    const t = await createTenant();
    const ip = uniqueAddress();
    const path = `/v1/${t.site.id}/revenue`;
    for (let i = 0; i < 4; i++) {
      const spoofed = { "x-real-ip": uniqueAddress(), "x-forwarded-for": uniqueAddress() };
      const res = await callWith(LIMIT, path, bearer(ip, unknownToken(), spoofed));
      expect(res.status).toBe(i < 3 ? 401 : 429);
    }
  });
});

describe("failed authentications across isolates (security)", () => {
  it("the Durable Object refuses failures past the limit even where this isolate has not seen the block", async () => {
    const ip = uniqueAddress();
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`authfail:${ip}`));
    // Three failures counted elsewhere (another isolate) for this address.
    for (let i = 0; i < 3; i++) await stub.consume(3, 3600);
    const t = await createTenant();
    const res = await callWith(LIMIT, `/v1/${t.site.id}/revenue`, bearer(ip, unknownToken()));
    expect(res.status).toBe(429);
  });
});
