import { Context } from "./context.js";
import { Credentials } from "./credentials.js";
import type { components } from "./generated/openapi.js";
import { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
import { AccountsNamespace } from "./surfaces/accounts.js";
import { AdminNamespace } from "./surfaces/admin.js";
import { AnalyticsNamespace } from "./surfaces/analytics.js";
import { BatchNamespace } from "./surfaces/batch.js";
import { type EventQueueOptions, EventsNamespace } from "./surfaces/events.js";
import { HistoryNamespace } from "./surfaces/history.js";
import { ReportingNamespace } from "./surfaces/reporting.js";
import { type RetryInfo, Transport } from "./transport.js";

/** Who a token is: its site (with the default currency), its kind, type and rate limit (`GET /v1/me`). */
export type Me = components["schemas"]["Me"];

export type RevenueEdgeOptions = {
  /** The Worker's origin, e.g. `https://revenue.example.com` or `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** A secret token (`sec_…`/`trk_…`; every surface of its site) or a public one (`pub_…`; pageview, event, identify). */
  token?: string;
  /** The site of `/v1/{siteId}/…` requests (batch jobs, reporting); each call may pass its own. */
  siteId?: string;
  /** `ADMIN_TOKEN`, for `client.admin`. */
  adminToken?: string;
  /** OAuth2 client credentials: used for account files, and for every Bearer surface when no `token` is given. */
  clientId?: string;
  clientSecret?: string;
  /** Refresh an OAuth2 access token this long before it expires (default 60,000 ms). */
  oauthRefreshMarginMs?: number;
  /** Retries after the first attempt (default 3); 0 turns retries off. */
  maxRetries?: number;
  /** First backoff step (default 500 ms) and cap of one delay (default 20,000 ms). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for (default 60,000 ms): the error is thrown. */
  maxRetryAfterMs?: number;
  /** Per attempt (default 30,000 ms). */
  timeoutMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: (input: Request) => Promise<Response>;
  /** Called before each retry (logging, metrics). */
  onRetry?: (info: RetryInfo) => void;
  /** Batching of `client.events.enqueue()`. */
  events?: EventQueueOptions;
  /** The clock used for OAuth2 token expiry (default `Date.now`; tests move it). */
  now?: () => number;
};

/**
 * The revenue-edge client: one namespace per surface.
 *
 * ```ts
 * const client = new RevenueEdge({ baseUrl: "http://127.0.0.1:8787", token: "sec_…", siteId: "site_demo" });
 * await client.events.revenue({ visitor_fingerprint: "fp", session_id: "s", customer_id: "c", amount: 49.99, transaction_id: "ch_1" });
 * const job = await client.batch.upload(csvText);
 * const status = await job.wait({ onProgress: (s) => console.log(s.percentageProgress) });
 * for await (const record of client.reporting.list({ source: "batch" })) console.log(record.amount);
 * ```
 */
export class RevenueEdge {
  readonly events: EventsNamespace;
  readonly history: HistoryNamespace;
  readonly batch: BatchNamespace;
  readonly accounts: AccountsNamespace;
  readonly reporting: ReportingNamespace;
  readonly analytics: AnalyticsNamespace;
  readonly admin: AdminNamespace;
  /** The OAuth2 credentials in use, when `clientId`/`clientSecret` were given. */
  readonly oauth: Credentials["oauth"];
  private readonly ctx: Context;

  constructor(options: RevenueEdgeOptions) {
    if (!options.baseUrl) throw new TypeError("RevenueEdge: baseUrl is required");
    const retry: RetryOptions = {
      maxRetries: options.maxRetries ?? DEFAULT_RETRY.maxRetries,
      baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs,
    };
    const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const transport = new Transport({
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry,
      onRetry: options.onRetry,
    });
    const credentials = new Credentials(transport, options);
    this.ctx = new Context(transport, credentials, options.siteId);
    this.oauth = credentials.oauth;
    this.events = new EventsNamespace(this.ctx, options.events);
    this.history = new HistoryNamespace(this.ctx);
    this.batch = new BatchNamespace(this.ctx);
    this.accounts = new AccountsNamespace(this.ctx);
    this.reporting = new ReportingNamespace(this.ctx);
    this.analytics = new AnalyticsNamespace(this.ctx);
    this.admin = new AdminNamespace(this.ctx);
  }

  /** `GET /healthz`. */
  async health(options: { signal?: AbortSignal } = {}): Promise<{ status: "ok" }> {
    const { data } = await this.ctx.send("none", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/healthz", { headers: init.headers, signal: init.signal }),
    );
    return data;
  }

  /**
   * `GET /v1/me`: who the client's token is — its site, the site's default currency, the token
   * kind (`secret`/`public`), its type and rate limit. Sent with `token` (Bearer), or with an
   * OAuth2 access token when only client credentials are configured.
   */
  async me(options: { signal?: AbortSignal } = {}): Promise<Me> {
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/me", { headers: init.headers, signal: init.signal }),
    );
    return data;
  }
}
