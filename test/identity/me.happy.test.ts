import { describe, expect, it } from "vitest";
import { createSite, createToken } from "../support/fixtures";
import { admin, call } from "../support/http";

type Me = {
  site: { id: string; name: string; default_currency: string };
  token: { id: string; kind: string; type: string; rate_limit: { limit: number; window_seconds: number } };
};

describe("GET /v1/me", () => {
  it("tells a secret token its site, the site's default currency, its kind and its own rate limit", async () => {
    const site = await createSite({ default_currency: "EUR" });
    const token = await createToken(site.id, { rate_limit: { limit: 42, window_seconds: 30 } });
    const res = await call("/v1/me", { headers: { authorization: `Bearer ${token.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("RateLimit-Limit")).toBe("42");
    const me = (await res.json()) as Me;
    expect(me).toEqual({
      site: { id: site.id, name: site.name, default_currency: "EUR" },
      token: { id: token.id, kind: "secret", type: "api_token", rate_limit: { limit: 42, window_seconds: 30 } },
    });
  });

  it("shows the site default rate limit for a token without its own, and answers public tokens too", async () => {
    const site = await createSite({ rate_limit: { limit: 77, window_seconds: 60 } });
    const pub = await createToken(site.id, { kind: "public" });
    const me = (await (await call("/v1/me", { headers: { "x-api-token": pub.token } })).json()) as Me;
    expect(me.token).toEqual({ id: pub.id, kind: "public", type: "api_token", rate_limit: { limit: 77, window_seconds: 60 } });
  });

  it("recognises an OAuth2 access token as a secret token of its client's site", async () => {
    const site = await createSite();
    const client = (await (await admin("POST", `/admin/sites/${site.id}/oauth-clients`, { name: "console test" })).json()) as {
      client_id: string;
      client_secret: string;
    };
    const tokenRes = await call("/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=client_credentials&client_id=${client.client_id}&client_secret=${client.client_secret}`,
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const me = (await (await call("/v1/me", { headers: { authorization: `Bearer ${access_token}` } })).json()) as Me;
    expect(me.site.id).toBe(site.id);
    expect(me.token).toMatchObject({ id: `oauth:${client.client_id}`, kind: "secret", type: "oauth_access_token" });
  });

  it("is described in the OpenAPI document with its operation id and error responses", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, { get?: { operationId?: string; responses: Record<string, unknown> } }>;
    };
    const op = doc.paths["/v1/me"]?.get;
    expect(op?.operationId).toBe("getMe");
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(["200", "401", "404", "429", "500", "503"]);
  });
});
