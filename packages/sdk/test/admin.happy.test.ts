import { AuthError, NotFoundError, RevenueEdge } from "@revenue-edge/sdk";
import { describe, expect, it, vi } from "vitest";
import { adminClient, workerUrl } from "./support/tenant";

describe("client.admin", () => {
  it("creates and reads sites, tokens and OAuth clients, updates and revokes them", async () => {
    const admin = adminClient().admin;
    const site = await admin.createSite({ name: "Admin test", default_currency: "EUR", rate_limit: { limit: 50, window_seconds: 10 } });
    expect(site).toMatchObject({ name: "Admin test", default_currency: "EUR", rate_limit: { limit: 50, window_seconds: 10 } });
    expect(await admin.getSite(site.id)).toEqual(site);
    const sites = [];
    let after: string | undefined;
    do {
      const page = await admin.listSites({ limit: 100, after });
      sites.push(...page.data);
      after = page.next_cursor ?? undefined;
    } while (after);
    expect(sites.map((s) => s.id)).toContain(site.id);

    const token = await admin.createToken(site.id, { kind: "secret", prefix: "trk", name: "backend" });
    expect(token.token).toMatch(/^trk_[A-Za-z0-9]{32}$/);
    const updated = await admin.updateToken(token.id, { rate_limit: { limit: 5, window_seconds: 60 } });
    expect(updated.rate_limit).toEqual({ limit: 5, window_seconds: 60 });
    const listed = await admin.listTokens(site.id);
    expect(listed).toEqual([expect.objectContaining({ id: token.id, hint: token.token.slice(-4), name: "backend" })]);
    expect(JSON.stringify(listed)).not.toContain(token.token);

    const user = new RevenueEdge({ baseUrl: workerUrl(), token: token.token, siteId: site.id, maxRetries: 0 });
    expect((await user.batch.jobs()).jobs).toEqual([]);
    await admin.revokeToken(token.id);
    await vi.waitUntil(
      () =>
        user.batch.jobs().then(
          () => false,
          (e) => e instanceof AuthError && e.status === 401,
        ),
      { timeout: 15_000, interval: 500 },
    );

    const oauth = await admin.createOAuthClient(site.id, { name: "ERP" });
    expect(oauth.client_secret).toMatch(/^cs_/);
    expect((await admin.listOAuthClients(site.id)).map((c) => c.client_id)).toEqual([oauth.client_id]);
    await admin.revokeOAuthClient(oauth.client_id);
    expect((await admin.listOAuthClients(site.id))[0]!.revoked_at).not.toBeNull();

    expect(Array.isArray(await admin.deadLetters({ limit: 5 }))).toBe(true);
    await expect(admin.getSite("site_missing")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a wrong admin token with AuthError carrying the request id", async () => {
    const client = new RevenueEdge({ baseUrl: workerUrl(), adminToken: "wrong", maxRetries: 0 });
    const error = await client.admin.listSites().catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.requestId).toMatch(/^sdk-[A-Za-z0-9]{24}$/);
  });
});
