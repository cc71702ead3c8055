import { AuthError } from "./errors.js";
import type { Transport } from "./transport.js";

/** Which header a surface documents for its credential. */
export type AuthStyle =
  /** `/api/ingest` (Pulsora): `X-API-Token`. */
  | "ingest"
  /** `/v2/…` (Trackly): `X-Api-Key`. */
  | "apiKey"
  /** `/v1/…` (Ruler, reporting): `Authorization: Bearer`. */
  | "bearer"
  /** `/v4.1/…` (CustomerGauge): an OAuth2 access token when a client is configured, else `api_key`. */
  | "accounts"
  /** `/admin/…`: `Authorization: Bearer <ADMIN_TOKEN>`. */
  | "admin"
  | "none";

export type CredentialOptions = {
  token?: string;
  adminToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** Refresh an OAuth2 access token this long before it expires (default 60 s, at most half its lifetime). */
  oauthRefreshMarginMs?: number;
  now?: () => number;
};

/**
 * OAuth2 client credentials, handled for the caller: the access token is fetched on first
 * use, cached, fetched again shortly before it expires (or at once after a 401), and shared
 * by concurrent requests (one token request in flight at a time).
 */
export class ClientCredentials {
  private cached: { token: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;
  /** How many access tokens this client has fetched (for logs and tests). */
  tokensFetched = 0;

  constructor(
    private readonly transport: Transport,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly refreshMarginMs: number,
    private readonly now: () => number,
  ) {}

  async accessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached token (after a 401); the next request fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const requestedAt = this.now();
    const { data } = await this.transport.call({ retry: "always", auth: async () => ({}) }, (init) =>
      this.transport.api.POST("/oauth2/token", {
        body: { grant_type: "client_credentials", client_id: this.clientId, client_secret: this.clientSecret },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
        headers: { ...init.headers, "Content-Type": "application/x-www-form-urlencoded" },
        signal: init.signal,
      }),
    );
    this.tokensFetched++;
    const lifetimeMs = data.expires_in * 1000;
    const margin = Math.min(this.refreshMarginMs, lifetimeMs / 2);
    this.cached = { token: data.access_token, refreshAt: requestedAt + lifetimeMs - margin };
    return data.access_token;
  }
}

/** The credentials of one client, turned into each surface's headers. */
export class Credentials {
  readonly oauth: ClientCredentials | undefined;

  constructor(
    transport: Transport,
    private readonly options: CredentialOptions,
  ) {
    if (options.clientId && options.clientSecret) {
      this.oauth = new ClientCredentials(
        transport,
        options.clientId,
        options.clientSecret,
        options.oauthRefreshMarginMs ?? 60_000,
        options.now ?? Date.now,
      );
    }
  }

  /** Whether requests of this style are authenticated with an OAuth2 access token. */
  usesOAuth(style: AuthStyle): boolean {
    if (!this.oauth) return false;
    if (style === "accounts") return true;
    return (style === "bearer" || style === "apiKey") && !this.options.token;
  }

  async headers(style: AuthStyle): Promise<Record<string, string>> {
    if (style === "none") return {};
    if (style === "admin") {
      if (!this.options.adminToken) throw missing("an admin token (adminToken / REVENUE_EDGE_ADMIN_TOKEN)");
      return { Authorization: `Bearer ${this.options.adminToken}` };
    }
    if (this.usesOAuth(style)) return { Authorization: `Bearer ${await this.oauth!.accessToken()}` };
    const token = this.options.token;
    if (!token)
      throw missing(
        style === "accounts" || style === "bearer"
          ? "a secret token or OAuth2 client credentials"
          : "an API token (token / REVENUE_EDGE_TOKEN)",
      );
    switch (style) {
      case "ingest":
        return { "X-API-Token": token };
      case "apiKey":
        return { "X-Api-Key": token };
      case "accounts":
        return { Authorization: `api_key ${token}` };
      case "bearer":
        return { Authorization: `Bearer ${token}` };
    }
  }
}

function missing(what: string): AuthError {
  return new AuthError({ message: `This request needs ${what}, and none was configured` });
}
