import { RevenueEdge } from "./client.js";
import type { RevenueEventData } from "./surfaces/events.js";

export type RevenueOptions = {
  /** A secret token of the site. */
  apiToken: string;
  /**
   * Where events go: the Worker's origin (`https://revenue.example.com`) or the full ingest
   * URL (`…/api/ingest`). Default: `REVENUE_EDGE_URL` where the runtime has an environment,
   * else `http://127.0.0.1:8787`.
   */
  endpoint?: string;
  /** Retries of a rate-limited or failed request (default 3). */
  maxRetries?: number;
  /** The first backoff step in ms, doubled per retry, with full jitter (default 1,000). */
  retryBackoff?: number;
  /** Per attempt (default 30,000 ms). */
  timeoutMs?: number;
  fetch?: (input: Request) => Promise<Response>;
  /** Accepted for compatibility with the Pulsora options; unused. */
  debug?: boolean;
};

export type RevenueData = RevenueEventData;

/**
 * A drop-in for `@pulsora/revenue` (`new Revenue({ apiToken })`, `await revenue.track(data)`):
 * code written against its documentation runs unchanged against revenue-edge. A 429 is
 * retried after the server's `Retry-After` and other transient failures with exponential
 * backoff (`maxRetries`, `retryBackoff`); a refused event throws ValidationError whose
 * message names the field (`The data.visitor_fingerprint field is required.`).
 */
export class Revenue {
  private readonly client: RevenueEdge;

  constructor(options: RevenueOptions) {
    if (!options?.apiToken) throw new TypeError("Revenue: apiToken is required");
    this.client = new RevenueEdge({
      baseUrl: baseUrlOf(options.endpoint ?? defaultEndpoint()),
      token: options.apiToken,
      maxRetries: options.maxRetries,
      retryBaseDelayMs: options.retryBackoff ?? 1_000,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });
  }

  /** Sends one revenue event; resolves once it is accepted (202). */
  async track(data: RevenueData): Promise<void> {
    await this.client.events.revenue(data);
  }
}

function defaultEndpoint(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.REVENUE_EDGE_URL || "http://127.0.0.1:8787";
}

function baseUrlOf(endpoint: string): string {
  return endpoint.replace(/\/+$/, "").replace(/\/api\/ingest$/, "");
}
