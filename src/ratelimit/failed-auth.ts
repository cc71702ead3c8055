// Failed authentications per client address, counted by the same RateLimiter Durable Object
// as request budgets (identity `authfail:<address>`), so guessing tokens, client secrets or the
// admin token is bounded: AUTH_FAILURE_LIMIT failures per AUTH_FAILURE_WINDOW_SECONDS per
// address (IPv4, or IPv6 /64; see client-address.ts) are answered 401; after that every attempt
// from the address gets 429 with an honest Retry-After until the window ends — valid credential
// or not, so a blocked guesser costs no storage lookup at all.
//
// Only failures cost a Durable Object call; a successful authentication adds nothing to the
// request path. Each isolate remembers the addresses it has seen blocked until their window
// ends and refuses them before any lookup, so once blocked an address costs at most one more
// lookup per isolate per window (in another isolate a valid credential is admitted until that
// isolate sees a failure from the address).
import type { Context } from "hono";
import { config } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { clientAddress } from "./client-address";

const blockedUntil = new Map<string, number>();
const MAX_BLOCKED = 10_000;

type Policy = { identity: string; limit: number; windowSeconds: number; cacheKey: string };

function policyOf(c: Context<AppEnv>): Policy {
  const identity = `authfail:${clientAddress(c.req.raw.headers)}`;
  const { authFailureLimit: limit, authFailureWindowSeconds: windowSeconds } = config(c.env);
  return { identity, limit, windowSeconds, cacheKey: `${identity}:${limit}:${windowSeconds}` };
}

/** The 429, with the RateLimit-* headers of the budget that refused it: the address's failures. */
function tooManyFailures(resetMs: number, limit: number): ApiError {
  const seconds = String(Math.max(1, Math.ceil(resetMs / 1000)));
  return new ApiError({
    code: "RATE_LIMITED",
    message: `Too many failed authentications from this address: retry in ${seconds} s`,
    headers: { "Retry-After": seconds, "RateLimit-Limit": String(limit), "RateLimit-Remaining": "0", "RateLimit-Reset": seconds },
  });
}

/** Throws 429 when this isolate knows the client's address is blocked. Costs no I/O. */
export function refuseBlockedClient(c: Context<AppEnv>): void {
  const { cacheKey, limit } = policyOf(c);
  const until = blockedUntil.get(cacheKey);
  if (until === undefined) return;
  const now = Date.now();
  if (until > now) throw tooManyFailures(until - now, limit);
  blockedUntil.delete(cacheKey);
}

/**
 * Counts one failed authentication of the client's address. Throws 429 when the address is over
 * its limit; returns (and the caller answers 401) otherwise. If the Durable Object cannot be
 * reached the failure goes uncounted (logged): the request is refused either way.
 */
export async function recordFailedAuthentication(c: Context<AppEnv>): Promise<void> {
  const { identity, limit, windowSeconds, cacheKey } = policyOf(c);
  let decision: { allowed: boolean; remaining: number; resetMs: number };
  try {
    const stub = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(identity));
    decision = await stub.consume(limit, windowSeconds);
  } catch (err) {
    console.error(
      JSON.stringify({ level: "error", requestId: c.get("requestId"), msg: "failed authentication not counted", error: String(err) }),
    );
    return;
  }
  // The last allowed failure (remaining 0) is answered 401 and blocks what follows in this isolate.
  if (decision.allowed && decision.remaining > 0) return;
  if (blockedUntil.size >= MAX_BLOCKED) blockedUntil.clear();
  blockedUntil.set(cacheKey, Date.now() + decision.resetMs);
  if (!decision.allowed) throw tooManyFailures(decision.resetMs, limit);
}

/** Runs `attempt`; a 401 it throws is counted as a failed authentication first (may become 429). */
export async function countingFailures<T>(c: Context<AppEnv>, attempt: () => Promise<T>): Promise<T> {
  refuseBlockedClient(c);
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) await recordFailedAuthentication(c);
    throw err;
  }
}
