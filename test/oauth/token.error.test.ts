import { describe, expect, it } from "vitest";
import { createOAuthClient, requestToken } from "../accounts/support/accounts-api";
import { createSite } from "../support/fixtures";
import { admin, call } from "../support/http";

type OAuthError = { error: string; error_description: string };

describe("OAuth2 token endpoint (errors, RFC 6749 §5.2)", () => {
  it("wrong secret → 401 invalid_client", async () => {
    const client = await createOAuthClient((await createSite()).id);
    const res = await requestToken({
      grant_type: "client_credentials",
      client_id: client.client_id,
      client_secret: `${client.client_secret}x`,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid_client", error_description: "Client authentication failed." });
  });

  it("unknown client → 401 invalid_client; wrong Basic secret → 401 with a Basic challenge", async () => {
    const unknown = await requestToken({ grant_type: "client_credentials", client_id: "cli_nobody", client_secret: "cs_x" });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as OAuthError).error).toBe("invalid_client");

    const client = await createOAuthClient((await createSite()).id);
    const res = await requestToken({ grant_type: "client_credentials" }, { authorization: `Basic ${btoa(`${client.client_id}:wrong`)}` });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(((await res.json()) as OAuthError).error).toBe("invalid_client");
  });

  it("wrong grant → 400 unsupported_grant_type; missing grant → 400 invalid_request", async () => {
    const client = await createOAuthClient((await createSite()).id);
    const wrong = await requestToken({ grant_type: "password", client_id: client.client_id, client_secret: client.client_secret });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as OAuthError).error).toBe("unsupported_grant_type");
    const missing = await requestToken({ client_id: client.client_id, client_secret: client.client_secret });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as OAuthError).error).toBe("invalid_request");
  });

  it("missing credentials → 401 invalid_client; both Basic and body → 400 invalid_request", async () => {
    const none = await requestToken({ grant_type: "client_credentials" });
    expect(none.status).toBe(401);
    expect(((await none.json()) as OAuthError).error).toBe("invalid_client");
    const client = await createOAuthClient((await createSite()).id);
    const both = await requestToken(
      { grant_type: "client_credentials", client_id: client.client_id, client_secret: client.client_secret },
      { authorization: `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}` },
    );
    expect(both.status).toBe(400);
    expect(((await both.json()) as OAuthError).error).toBe("invalid_request");
  });

  it("a JSON body or a repeated parameter → 400 invalid_request", async () => {
    const json = await call("/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as OAuthError).error).toBe("invalid_request");
    const repeated = await call("/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&grant_type=client_credentials",
    });
    expect(repeated.status).toBe(400);
    expect(((await repeated.json()) as OAuthError).error).toBe("invalid_request");
  });

  it("admin endpoints: unknown site → 404, unknown client → 404, no admin token → 401", async () => {
    expect((await admin("POST", "/admin/sites/site_nope/oauth-clients", {})).status).toBe(404);
    expect((await admin("DELETE", "/admin/oauth-clients/cli_nope")).status).toBe(404);
    expect((await call("/admin/oauth-clients/cli_nope", { method: "DELETE" })).status).toBe(401);
  });
});
