/**
 * Retry policy: exponential backoff with full jitter (a random delay between 0 and
 * min(maxDelayMs, baseDelayMs · 2^attempt)), except when the server said how long to wait:
 * a 429 or 503 with `Retry-After` is retried after exactly that many seconds (plus up to
 * 250 ms of jitter so that many clients do not come back at the same instant), unless it is
 * longer than `maxRetryAfterMs`, in which case the error is thrown at once.
 */
export type RetryOptions = {
  /** Retries after the first attempt; 0 turns retries off. */
  maxRetries: number;
  /** The first backoff step. */
  baseDelayMs: number;
  /** The cap of one backoff delay. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Which failures a request may be retried on:
 * - `always`: reads, writes that are idempotent by themselves, and writes sent with an
 *   `Idempotency-Key` — retried on network errors, timeouts, 5xx and 429.
 * - `refused-only`: writes a retry could double — retried only on 429 and 503, which the
 *   server sends before accepting anything.
 */
export type RetryMode = "always" | "refused-only";

/** Full jitter: uniform in [0, min(cap, base · 2^attempt)). `attempt` counts retries from 0. */
export function backoffDelayMs(
  attempt: number,
  options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** The delay before a retry the server asked for with Retry-After (seconds), or undefined when too long. */
export function retryAfterDelayMs(
  retryAfterSeconds: number,
  options: Pick<RetryOptions, "maxRetryAfterMs">,
  random: () => number = Math.random,
): number | undefined {
  const ms = retryAfterSeconds * 1000;
  if (ms > options.maxRetryAfterMs) return undefined;
  return ms + Math.floor(random() * 250);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
