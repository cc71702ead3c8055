import { describe, expect, it } from "vitest";
import { accountRevenue, createOAuthClient, csvOf, requestToken, upload } from "../accounts/support/accounts-api";
import { createSite } from "../support/fixtures";
import { admin } from "../support/http";

describe("OAuth2 client credentials (happy)", () => {
  it("issues a Bearer token from form credentials, usable on the account surface", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    expect(client.client_id).toMatch(/^cli_[A-Za-z0-9]{24}$/);
    expect(client.client_secret).toMatch(/^cs_[A-Za-z0-9]{40}$/);

    const res = await requestToken({ grant_type: "client_credentials", client_id: client.client_id, client_secret: client.client_secret });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });

    const up = await upload(`Bearer ${body.access_token}`, csvOf("Acme,12000,2016-01-01,2016-12-31,ARR"), "a.csv");
    expect(up.status).toBe(200);
    expect((await accountRevenue(`Bearer ${body.access_token}`, "Acme")).total).toBe("12000.00");
  });

  it("accepts the credentials in HTTP Basic (URL-encoded, as RFC 6749 §2.3.1 says)", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id);
    const basic = btoa(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`);
    const res = await requestToken({ grant_type: "client_credentials" }, { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    const token = ((await res.json()) as { access_token: string }).access_token;
    expect((await upload(`Bearer ${token}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "a.csv")).status).toBe(200);
  });

  it("lists a site's clients without their secrets", async () => {
    const site = await createSite();
    const client = await createOAuthClient(site.id, "erp");
    const res = await admin("GET", `/admin/sites/${site.id}/oauth-clients`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<Record<string, unknown>> };
    expect(body.data).toEqual([
      { client_id: client.client_id, site_id: site.id, name: "erp", created_at: expect.any(String), revoked_at: null },
    ]);
    expect(JSON.stringify(body)).not.toContain(client.client_secret);
  });

  it("creates a client without a body", async () => {
    const site = await createSite();
    const res = await admin("POST", `/admin/sites/${site.id}/oauth-clients`);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ site_id: site.id, name: null, client_secret: expect.stringMatching(/^cs_/) });
  });
});
