import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Principal } from "../auth/principal";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { clientAddress } from "./client-address";
import type { RateLimitDecision } from "./rate-limiter";

/**
 * Identities known to be over their limit, with the time their window ends. A request from
 * such an identity is refused in this isolate without a round trip to the Durable Object;
 * the entry expires exactly when the window does. The key includes the limit and window, so a
 * changed limit (seen within the token cache lifetime) goes back to the object at once.
 */
const blockedUntil = new Map<string, number>();
const MAX_BLOCKED = 10_000;
/** Retry-After of the 503 answered when the rate-limit object fails (overloaded, reset, broken). */
export const LIMITER_RETRY_AFTER_SECONDS = 1;

function identityOf(c: Context<AppEnv>, principal: Principal): string {
  if (principal.kind !== "public") return `tok:${principal.tokenId}`;
  // Public tokens are embedded in web pages, so one visitor must not exhaust the site's budget.
  // The address is CF-Connecting-IP only, an IPv6 client keyed by its /64 (client-address.ts).
  return `tok:${principal.tokenId}:ip:${clientAddress(c.req.raw.headers)}`;
}

function setHeaders(c: Context<AppEnv>, d: RateLimitDecision): void {
  c.header("RateLimit-Limit", String(d.limit));
  c.header("RateLimit-Remaining", String(d.remaining));
  c.header("RateLimit-Reset", String(Math.max(1, Math.ceil(d.resetMs / 1000))));
}

function refuse(d: RateLimitDecision): ApiError {
  return new ApiError({
    code: "RATE_LIMITED",
    message: "Rate limited",
    headers: { "Retry-After": String(Math.max(1, Math.ceil(d.resetMs / 1000))) },
  });
}

/** Applies the principal's rate limit. Call after authentication. */
export async function applyRateLimit(c: Context<AppEnv>, principal: Principal): Promise<void> {
  const { limit, windowSeconds } = principal.rateLimit;
  const identity = identityOf(c, principal);
  const cacheKey = `${identity}:${limit}:${windowSeconds}`;
  const now = Date.now();

  const until = blockedUntil.get(cacheKey);
  if (until !== undefined) {
    if (until > now) {
      const d = { allowed: false, limit, remaining: 0, resetMs: until - now };
      setHeaders(c, d);
      throw refuse(d);
    }
    blockedUntil.delete(cacheKey);
  }

  let d: RateLimitDecision;
  try {
    const stub = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(identity));
    d = await stub.consume(limit, windowSeconds);
  } catch (err) {
    // Never a 500 and never a silent admit: the request is refused as retryable, and logged.
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.get("requestId"),
        msg: "rate limiter unavailable, request refused",
        tokenId: principal.tokenId,
        error: String(err),
      }),
    );
    throw new ApiError({
      code: "SERVICE_UNAVAILABLE",
      message: "Rate limiter unavailable, retry later",
      headers: { "Retry-After": String(LIMITER_RETRY_AFTER_SECONDS) },
    });
  }
  setHeaders(c, d);
  if (!d.allowed) {
    if (blockedUntil.size >= MAX_BLOCKED) blockedUntil.clear();
    blockedUntil.set(cacheKey, now + d.resetMs);
    throw refuse(d);
  }
}

/** Route middleware form of applyRateLimit. */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function rateLimit(c, next) {
    await applyRateLimit(c, c.var.principal);
    await next();
  });
}
