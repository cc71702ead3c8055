import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Principal } from "../auth/principal";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { clientAddress } from "./client-address";
import { RateLimiterUnavailable } from "./errors";
import { type Admission, LeaseBook, type LeaseIo } from "./lease-book";

/**
 * This isolate's leases of every identity's budget (see protocol.ts and lease-book.ts): most
 * requests are admitted from a slot the isolate already holds, without a Durable Object call.
 * Identities whose window is spent are refused here too, until the object is asked again.
 */
const leases = new LeaseBook({
  now: () => Date.now(),
  holder: () => (isolateId ??= crypto.randomUUID()),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
let isolateId: string | undefined;
/** Retry-After of the 503 answered when the rate-limit object fails (overloaded, reset, broken). */
export const LIMITER_RETRY_AFTER_SECONDS = 1;

function identityOf(c: Context<AppEnv>, principal: Principal): string {
  if (principal.kind !== "public") return `tok:${principal.tokenId}`;
  // Public tokens are embedded in web pages, so one visitor must not exhaust the site's budget.
  // The address is CF-Connecting-IP only, an IPv6 client keyed by its /64 (client-address.ts).
  return `tok:${principal.tokenId}:ip:${clientAddress(c.req.raw.headers)}`;
}

function setHeaders(c: Context<AppEnv>, d: Admission): void {
  c.header("RateLimit-Limit", String(d.limit));
  c.header("RateLimit-Remaining", String(d.remaining));
  c.header("RateLimit-Reset", String(Math.max(1, Math.ceil(d.resetMs / 1000))));
}

function refuse(d: Admission): ApiError {
  return new ApiError({
    code: "RATE_LIMITED",
    message: "Rate limited",
    headers: { "Retry-After": String(Math.max(1, Math.ceil(d.resetMs / 1000))) },
  });
}

function leaseIo(c: Context<AppEnv>, identity: string): LeaseIo {
  return {
    source: (request) => c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(identity)).lease(request),
    defer: (work) => c.executionCtx.waitUntil(work),
  };
}

/** Applies the principal's rate limit. Call after authentication. */
export async function applyRateLimit(c: Context<AppEnv>, principal: Principal): Promise<void> {
  const identity = identityOf(c, principal);
  let d: Admission;
  try {
    const admission = leases.admit(identity, principal.rateLimit, leaseIo(c, identity));
    d = admission instanceof Promise ? await admission : admission;
  } catch (err) {
    if (!(err instanceof RateLimiterUnavailable)) throw err;
    // Never a 500 and never a silent admit: the request is refused as retryable, and logged.
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.get("requestId"),
        msg: "rate limiter unavailable, request refused",
        tokenId: principal.tokenId,
        error: String(err.cause),
      }),
    );
    throw new ApiError({
      code: "SERVICE_UNAVAILABLE",
      message: "Rate limiter unavailable, retry later",
      headers: { "Retry-After": String(LIMITER_RETRY_AFTER_SECONDS) },
    });
  }
  setHeaders(c, d);
  if (!d.allowed) throw refuse(d);
}

/** Route middleware form of applyRateLimit. */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function rateLimit(c, next) {
    await applyRateLimit(c, c.var.principal);
    await next();
  });
}
