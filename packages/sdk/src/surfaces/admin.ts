import type { Context } from "../context.js";
import type { components, paths } from "../generated/openapi.js";
import { randomId } from "../transport.js";

type S = components["schemas"];
type JsonBody<P extends keyof paths, M extends "post" | "patch"> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type Site = S["Site"];
/**
 * A token as listed (never its secret). `rate_limit` is the token's own limit, `null` when the
 * site default applies (the document renders that `nullable` as an intersection, so the
 * property is restated here).
 */
export type Token = Omit<S["Token"], "rate_limit"> & { rate_limit: S["RateLimit"] | null };
/** A created token: the clear `token` is shown only here. */
export type CreatedToken = Token & { token: string };
export type OAuthClient = S["OAuthClient"];
export type CreatedOAuthClient = S["CreatedOAuthClient"];
export type DeadLetter = S["DeadLetter"];
export type CreateSiteRequest = JsonBody<"/admin/sites", "post">;
export type CreateTokenRequest = JsonBody<"/admin/sites/{siteId}/tokens", "post">;
export type UpdateTokenRequest = JsonBody<"/admin/tokens/{tokenId}", "patch">;
export type CreateOAuthClientRequest = JsonBody<"/admin/sites/{siteId}/oauth-clients", "post">;
type Signal = { signal?: AbortSignal };

/**
 * The admin API (operators; `adminToken`). Creating a site, token or OAuth client is not
 * idempotent by itself (a retry after a lost response would create a second one, whose
 * secret the caller never sees), so creations carry an `Idempotency-Key`, the same on every
 * retry: the server answers a retry with the first response. Everything is retried on any
 * transient failure.
 */
export class AdminNamespace {
  constructor(private readonly ctx: Context) {}

  async createSite(body: CreateSiteRequest, options: Signal = {}): Promise<Site> {
    const { data } = await this.ctx.send(
      "admin",
      { retry: "always", idempotencyKey: `admin-${randomId()}`, signal: options.signal },
      (init) => this.ctx.transport.api.POST("/admin/sites", { body, headers: init.headers, signal: init.signal }),
    );
    return data;
  }

  /** One page of sites: `{data, next_cursor}` (pass `after: next_cursor` for the next). */
  async listSites(
    query: { limit?: number; after?: string } = {},
    options: Signal = {},
  ): Promise<{ data: Site[]; next_cursor: string | null }> {
    const { data } = await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/admin/sites", { params: { query }, headers: init.headers, signal: init.signal }),
    );
    return data;
  }

  async getSite(siteId: string, options: Signal = {}): Promise<Site> {
    const { data } = await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/admin/sites/{siteId}", { params: { path: { siteId } }, headers: init.headers, signal: init.signal }),
    );
    return data;
  }

  /** Creates a token; the clear `token` is in this response only. */
  async createToken(siteId: string, body: CreateTokenRequest, options: Signal = {}): Promise<CreatedToken> {
    const { data } = await this.ctx.send(
      "admin",
      { retry: "always", idempotencyKey: `admin-${randomId()}`, signal: options.signal },
      (init) =>
        this.ctx.transport.api.POST("/admin/sites/{siteId}/tokens", {
          params: { path: { siteId } },
          body,
          headers: init.headers,
          signal: init.signal,
        }),
    );
    return data as CreatedToken;
  }

  async listTokens(siteId: string, options: Signal = {}): Promise<Token[]> {
    const { data } = await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/admin/sites/{siteId}/tokens", {
        params: { path: { siteId } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data.data as Token[];
  }

  async updateToken(tokenId: string, body: UpdateTokenRequest, options: Signal = {}): Promise<Token> {
    const { data } = await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.PATCH("/admin/tokens/{tokenId}", {
        params: { path: { tokenId } },
        body,
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data as Token;
  }

  async revokeToken(tokenId: string, options: Signal = {}): Promise<void> {
    await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.DELETE("/admin/tokens/{tokenId}", {
        params: { path: { tokenId } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
  }

  /** Creates an OAuth2 client; the `client_secret` is in this response only. */
  async createOAuthClient(siteId: string, body: CreateOAuthClientRequest = {}, options: Signal = {}): Promise<CreatedOAuthClient> {
    const { data } = await this.ctx.send(
      "admin",
      { retry: "always", idempotencyKey: `admin-${randomId()}`, signal: options.signal },
      (init) =>
        this.ctx.transport.api.POST("/admin/sites/{siteId}/oauth-clients", {
          params: { path: { siteId } },
          body,
          headers: init.headers,
          signal: init.signal,
        }),
    );
    return data;
  }

  async listOAuthClients(siteId: string, options: Signal = {}): Promise<OAuthClient[]> {
    const { data } = await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/admin/sites/{siteId}/oauth-clients", {
        params: { path: { siteId } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data.data;
  }

  async revokeOAuthClient(clientId: string, options: Signal = {}): Promise<void> {
    await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.DELETE("/admin/oauth-clients/{clientId}", {
        params: { path: { clientId } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
  }

  /** Queue messages that exhausted their retries, newest first. */
  async deadLetters(query: { limit?: number; before?: string } = {}, options: Signal = {}): Promise<DeadLetter[]> {
    const { data } = await this.ctx.send("admin", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/admin/dead-letters", { params: { query }, headers: init.headers, signal: init.signal }),
    );
    return data.data;
  }
}
