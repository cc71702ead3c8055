import createClient, { type Client } from "openapi-fetch";
import { ConflictError, NetworkError, type RateLimitError, RevenueEdgeError, type ServerError, TimeoutError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { errorFromResponse } from "./response-errors.js";
import { backoffDelayMs, type RetryMode, type RetryOptions, retryAfterDelayMs, sleep } from "./retry.js";

export type RetryInfo = {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the SDK waits before this retry. */
  delayMs: number;
  /** What the previous attempt failed with. */
  error: RevenueEdgeError;
};

export type TransportOptions = {
  baseUrl: string;
  fetch: (input: Request) => Promise<Response>;
  timeoutMs: number;
  retry: RetryOptions;
  onRetry?: (info: RetryInfo) => void;
};

/** What one attempt is sent with: its headers and the signal that ends it on timeout. */
export type AttemptInit = {
  headers: Record<string, string>;
  signal: AbortSignal;
};

export type CallOptions = {
  retry: RetryMode;
  /** Headers computed per attempt (credentials: an OAuth token may be refreshed between attempts). */
  auth: () => Promise<Record<string, string>>;
  /** Called once when a request fails with 401, before one more attempt (OAuth token expired). */
  reauthenticate?: () => boolean;
  /** Sent unchanged on every attempt of this call. */
  idempotencyKey?: string;
  /**
   * Send `X-Request-Id` (default true). Off for `/api/ingest`, which browsers call with public
   * tokens and whose CORS preflight allows only `Content-Type` and `X-API-Token`.
   */
  sendRequestId?: boolean;
  signal?: AbortSignal;
};

type FetchResult = { data?: unknown; error?: unknown; response: Response };
type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random id of [A-Za-z0-9], from Web Crypto where present (Node ≥ 19, Workers, browsers). */
export function randomId(length = 24): string {
  const bytes = new Uint8Array(length);
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

class TimeoutSignal extends Error {}

/**
 * The typed HTTP layer: openapi-fetch (typed paths, params and bodies from the generated
 * `paths`) under one `call()` that adds what every request needs — a request id, the
 * credentials of its surface, a timeout, retries by the request's retry mode, and errors
 * mapped to their classes.
 */
export class Transport {
  readonly api: Client<paths>;
  readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
    this.api = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ""), fetch: options.fetch });
  }

  async call<R extends FetchResult>(
    options: CallOptions,
    run: (init: AttemptInit) => Promise<R>,
  ): Promise<{ data: DataOf<R>; response: Response }> {
    const { retry } = this.options;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      let error: RevenueEdgeError;
      try {
        return await this.attempt(options, run);
      } catch (err) {
        if (!(err instanceof RevenueEdgeError)) throw err;
        error = err;
      }
      if (error.status === 401 && !reauthenticated && options.reauthenticate?.()) {
        reauthenticated = true;
        attempt--;
        continue;
      }
      const delayMs = attempt < retry.maxRetries ? this.retryDelay(error, options, attempt) : undefined;
      if (delayMs === undefined) throw error;
      this.options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }

  /** The delay before retrying after `error`, or undefined when it must not be retried. */
  private retryDelay(error: RevenueEdgeError, options: CallOptions, attempt: number): number | undefined {
    const { retry } = this.options;
    const mode: RetryMode = options.retry;
    const status = error.status;
    // Our own earlier attempt with this Idempotency-Key is still running on the server (it
    // answers 409 + Retry-After): wait, and the retry gets that attempt's response replayed.
    if (status === 409 && options.idempotencyKey && error instanceof ConflictError && error.retryAfter !== undefined) {
      return retryAfterDelayMs(error.retryAfter, retry);
    }
    if (status === 429 || status === 503) {
      const retryAfter = (error as RateLimitError | ServerError).retryAfter;
      return retryAfter === undefined ? backoffDelayMs(attempt, retry) : retryAfterDelayMs(retryAfter, retry);
    }
    if (mode !== "always") return undefined;
    // Only transport failures and 5xx; a client-side problem (no credential configured) is not retried.
    if (error instanceof NetworkError || error instanceof TimeoutError || (status !== undefined && status >= 500))
      return backoffDelayMs(attempt, retry);
    return undefined;
  }

  private async attempt<R extends FetchResult>(
    options: CallOptions,
    run: (init: AttemptInit) => Promise<R>,
  ): Promise<{ data: DataOf<R>; response: Response }> {
    const headers: Record<string, string> = { ...(await options.auth()) };
    const requestId = options.sendRequestId === false ? undefined : `sdk-${randomId(24)}`;
    if (requestId) headers["X-Request-Id"] = requestId;
    if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutSignal()), this.options.timeoutMs);
    const onCallerAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onCallerAbort();
    else options.signal?.addEventListener("abort", onCallerAbort, { once: true });

    try {
      let result: R;
      try {
        result = await run({ headers, signal: controller.signal });
      } catch (err) {
        if (controller.signal.reason instanceof TimeoutSignal) {
          throw new TimeoutError({ message: `No response within ${this.options.timeoutMs} ms`, requestId, cause: err });
        }
        if (options.signal?.aborted) throw options.signal.reason;
        const detail =
          err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
        throw new NetworkError({ message: `Could not reach ${this.options.baseUrl} (${detail})`, requestId, cause: err });
      }
      if (result.response.ok) return { data: result.data as DataOf<R>, response: result.response };
      throw errorFromResponse(result.response, result.error, requestId);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onCallerAbort);
    }
  }
}
