/**
 * The rate-limit object could not be asked (unreachable, overloaded, failing, or it refused the
 * policy). Requests that needed it are neither admitted nor refused as over the limit: the
 * middleware answers 503 with Retry-After.
 */
export class RateLimiterUnavailable extends Error {
  constructor(cause: unknown) {
    super(`rate limiter unavailable: ${String(cause)}`, { cause });
    this.name = "RateLimiterUnavailable";
  }
}
