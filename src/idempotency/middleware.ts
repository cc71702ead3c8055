// `Idempotency-Key` for writes that are not idempotent by themselves, with Stripe's semantics
// (contract §0; README § Reliability):
//
// - the same key with the same request (method, path, query, media type, body) answers the
//   first response again — status, body and content type — for 24 hours, with
//   `Idempotent-Replayed: true` and the first request's id in `Original-Request-Id`;
// - the same key with a different request → 422, nothing done;
// - the same key while the first request is still running → 409 with Retry-After;
// - keys are per scope: the caller's site (or the admin API), so two sites never collide.
//
// Only final answers are kept: a 5xx (retryable by definition here) frees the key, and so does a
// request whose body was left mostly unread (a 413 from the Content-Length, say), since
// re-running it is cheap and cannot store anything. A request that dies mid-way leaves its
// lock, which is considered abandoned after LOCK_MS; a retry then runs again.
//
// Generic: it knows nothing of the surfaces. Errors are ApiErrors, rendered in the surface's shape.
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { FingerprintingBody, fingerprintOf } from "./fingerprint";
import { openResponse, sealResponse } from "./sealed-response";
import { completeKey, releaseKey, takeKey } from "./store";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request holding a key longer than this is taken to have died. */
export const LOCK_MS = 10 * 60 * 1000;
/** Unread body bytes read after the handler to complete the fingerprint (a multipart epilogue). */
const DRAIN_BYTES = 64 * 1024;
/** Responses larger than this are not kept (none of the routes answers that much to a write). */
const MAX_STORED_RESPONSE_BYTES = 1024 * 1024;
/**
 * Response headers that belong to each request, not to the answer, so a replay gets its own:
 * the rate-limit state, the request id, CORS, and what the runtime sets. Every other header is
 * part of the answer and replayed (Content-Type, Location, a surface's own ids).
 */
const PER_REQUEST_HEADER = /^(ratelimit-|access-control-|x-request-id$|retry-after$|content-length$|date$|set-cookie$|vary$)/i;
const KEY_SHAPE = /^[\x20-\x7e]{1,255}$/;

export type IdempotencyOptions = {
  /** Who the key belongs to; default: the authenticated principal's site. */
  scope?: (c: Context<AppEnv>) => string;
  /** The most body bytes read to compare a repeated request with the first (the route's limit). */
  maxBodyBytes: (c: Context<AppEnv>) => number;
};

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const log = (c: Context<AppEnv>, level: "warn" | "error", msg: string, extra: Record<string, unknown> = {}) =>
  console.error(JSON.stringify({ level, requestId: c.get("requestId"), msg, ...extra }));

/**
 * Route middleware; put it after authentication and rate limiting (the key is scoped by the
 * principal) and before anything that reads the body.
 *
 * @example app.post("/v2/history/revenue", limitBody(n), requireToken(), rateLimit(), idempotent({ maxBodyBytes: () => n }), handler)
 */
export function idempotent(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function idempotent(c, next) {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    if (!KEY_SHAPE.test(key)) {
      throw new ApiError({
        code: "BAD_REQUEST",
        wireCode: "invalid_idempotency_key",
        message: "The Idempotency-Key header must be 1 to 255 printable ASCII characters.",
      });
    }
    const scope = options.scope ? options.scope(c) : `site:${c.var.principal.siteId}`;
    const keyHash = await sha256Hex(`revenue-edge idempotency key v1\n${key}`);
    const lock = crypto.randomUUID();
    const record = await takeKey(c.env.DB, { scope, keyHash, lock, now: Date.now(), lockMs: LOCK_MS, ttlMs: IDEMPOTENCY_TTL_MS });

    if (record.lock !== lock) {
      if (record.state === "running") {
        throw new ApiError({
          code: "IDEMPOTENCY_KEY_IN_USE",
          message: "A request with this Idempotency-Key is still being processed; retry after it has finished.",
          headers: { "Retry-After": "1" },
        });
      }
      const read = await fingerprintOf(c.req.raw, options.maxBodyBytes(c));
      if (!read.ok)
        throw new ApiError({
          code: "PAYLOAD_TOO_LARGE",
          message: `The request body must not be larger than ${options.maxBodyBytes(c)} bytes.`,
        });
      if (read.fingerprint !== record.fingerprint) {
        throw new ApiError({
          code: "IDEMPOTENCY_KEY_REUSED",
          message:
            "This Idempotency-Key was already used with a different request (method, path, query or body); use a new key for a new request.",
        });
      }
      const stored = await openResponse(scope, key, record.response!);
      const headers: Record<string, string> = Object.fromEntries(stored.headers);
      headers["Idempotent-Replayed"] = "true";
      if (record.requestId) headers["Original-Request-Id"] = record.requestId;
      return c.newResponse(stored.body, record.status as 200, headers);
    }

    // This request holds the key: run it, fingerprinting the body as the handler reads it.
    const body = new FingerprintingBody(c.req.raw);
    c.req.raw = body.request;
    try {
      await next();
    } catch (err) {
      await body.abandon();
      await releaseKey(c.env.DB, scope, keyHash, lock).catch((e) => log(c, "error", "idempotency key not released", { error: String(e) }));
      throw err;
    }

    try {
      const res = c.res;
      const fingerprint = res.status >= 500 ? null : await body.finish(DRAIN_BYTES);
      if (fingerprint === null) {
        await body.abandon();
        await releaseKey(c.env.DB, scope, keyHash, lock);
        return;
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      c.res = new Response(bytes, res);
      if (bytes.byteLength > MAX_STORED_RESPONSE_BYTES) {
        log(c, "warn", "response too large to keep for an idempotency key; key released", { bytes: bytes.byteLength });
        await releaseKey(c.env.DB, scope, keyHash, lock);
        return;
      }
      const headers = [...res.headers].filter(([name]) => !PER_REQUEST_HEADER.test(name));
      const response = await sealResponse(scope, key, headers, bytes);
      await completeKey(c.env.DB, { scope, keyHash, lock, fingerprint, status: res.status, response, requestId: c.get("requestId") });
    } catch (err) {
      // The answer stands; only its replay is lost: the key is freed, so a retry runs again.
      log(c, "error", "idempotent response not stored", { error: String(err) });
      await releaseKey(c.env.DB, scope, keyHash, lock).catch(() => {});
    }
  });
}
