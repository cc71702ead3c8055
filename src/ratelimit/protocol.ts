// The lease protocol between an isolate (lease-book.ts) and the rate-limit Durable Object
// (rate-limiter.ts → window-budget.ts): the messages and the time bounds both sides keep.
//
// A lease is a number of slots of one fixed window's budget, counted as used by the object
// when it grants them. The isolate admits requests from its slots without asking the object
// again; slots it does not use can be given back (or lapse with the lease). Because every
// admission spends a slot the object counted, no window ever admits more than its limit.

/**
 * Longest time a lease is used after the isolate asked for it. A changed limit reaches every
 * isolate with the token cache (TOKEN_CACHE_SECONDS, 5 s); a lease granted just before that
 * under the old limit is spent for at most this long after: 5 s + 5 s ≤ the contract's 10 s.
 */
export const LEASE_MAX_MS = 5_000;

/** Window lengths the object accepts (contract §2: 1 s to 1 day). */
export const MAX_WINDOW_SECONDS = 86_400;

/** The limit a lease is granted under. */
export type LeasePolicy = { limit: number; windowSeconds: number };

/** Unused slots an isolate gives back; only slots of the object's current window count. */
export type GivenBack = { windowSeconds: number; windowStart: number; slots: number };

export type LeaseRequest = LeasePolicy & {
  /** The isolate asking (random per isolate); the object sizes leases by how many ask. */
  holder: string;
  /** Requests waiting in the isolate right now: granted whenever the budget has them. */
  need: number;
  /** Slots the isolate expects to use within a lease's lifetime, `need` included. */
  want: number;
  giveBack?: GivenBack[];
};

export type LeaseAnswer = {
  /** Slots granted (0 when the window's budget is spent); already counted as used. */
  granted: number;
  /** Start of the window (ms since epoch, object clock): names the window for giving back. */
  windowStart: number;
  /** Time from the object's answer to the window's end, when the budget is whole again. */
  resetMs: number;
  /** Time from the object's answer after which the lease must not be used (≤ LEASE_MAX_MS). */
  ttlMs: number;
  /** Slots of the window nobody holds yet, after this grant. */
  free: number;
  /**
   * When the budget is spent: time until slots leased ahead of demand may come back (their
   * leases end), or the window's end when none can. A refused isolate asks again after it.
   */
  recheckMs: number;
};

/** One exact decision, for callers that count single events (e.g. failed authentications). */
export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends (and the budget is whole again). */
  resetMs: number;
};

/** Whether the object can apply a policy; anything else is refused (the caller answers 503). */
export function isValidPolicy({ limit, windowSeconds }: LeasePolicy): boolean {
  return (
    Number.isSafeInteger(limit) &&
    limit >= 0 &&
    Number.isInteger(windowSeconds) &&
    windowSeconds >= 1 &&
    windowSeconds <= MAX_WINDOW_SECONDS
  );
}
