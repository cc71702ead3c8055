import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";

/**
 * Response headers a page may read. Without this list a browser hides `Retry-After` from
 * @pulsora/core's fetch transport, which then waits its 60 s default after a 429.
 */
export const EXPOSED_HEADERS = "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id";

/** Lets the calling page read this response (and the exposed headers). */
export function allowOrigin(c: Context<AppEnv>, origin: string): void {
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  c.header("Vary", "Origin");
}

/** Withdraws allowOrigin (an origin a public token does not allow learns nothing). */
export function disallowOrigin(c: Context<AppEnv>): void {
  c.header("Access-Control-Allow-Origin", undefined);
  c.header("Access-Control-Expose-Headers", undefined);
}

/**
 * CORS for POST /api/ingest: every response to a browser request, errors included (a 429 with
 * Retry-After, a 400 naming the field, a 401), is readable by the calling page, except the 403
 * for an origin the public token does not allow.
 */
export const ingestCors = createMiddleware<AppEnv>(async function ingestCors(c, next) {
  const origin = c.req.header("origin");
  if (origin) allowOrigin(c, origin);
  await next();
});

/** The preflight of @pulsora/core's fetch transport (Content-Type: application/json, X-API-Token). */
export function answerPreflight(c: Context<AppEnv>): Response {
  allowOrigin(c, c.req.header("origin") ?? "*");
  c.header("Access-Control-Allow-Methods", "POST, OPTIONS");
  c.header("Access-Control-Allow-Headers", "Content-Type, X-API-Token, X-Request-Id");
  c.header("Access-Control-Max-Age", "86400");
  return c.body(null, 204);
}
