// The rate-limit object's logic, free of the Durable Object runtime so the simulation in
// bench/ratelimit runs this very code: fixed windows aligned to multiples of their length, a
// count of slots granted per window, leases sized by lease-size.ts.
import { ActiveHolders } from "./active-holders";
import type { BudgetStore, WindowUsage } from "./budget-store";
import { leaseSize } from "./lease-size";
import {
  type GivenBack,
  isValidPolicy,
  LEASE_MAX_MS,
  type LeaseAnswer,
  type LeaseRequest,
  MAX_WINDOW_SECONDS,
  type RateLimitDecision,
} from "./protocol";

const LEGACY = 0;

export class WindowBudget {
  /** Counts by window length, as stored. */
  private readonly windows = new Map<number, WindowUsage>();
  private readonly holders = new ActiveHolders(LEASE_MAX_MS);
  /** Until when slots leased ahead of demand may still be held (and given back); a restarted object assumes a lease's life. */
  private speculativeUntil: number;

  constructor(
    private readonly store: BudgetStore,
    private readonly now: () => number,
  ) {
    for (const usage of store.load()) this.windows.set(usage.windowMs, usage);
    this.speculativeUntil = this.windows.size > 0 ? now() + LEASE_MAX_MS : 0;
  }

  /**
   * Grants up to `want` slots of the current window (see leaseSize), after taking back the
   * slots given back for this window. The grant is stored before the answer leaves the object.
   */
  lease(request: LeaseRequest): LeaseAnswer {
    const { limit, windowSeconds, need, want } = request;
    if (!isValidPolicy(request) || !Number.isSafeInteger(need) || need < 0 || !Number.isSafeInteger(want) || want < need) {
      throw new RangeError(`Invalid lease request: ${limit} per ${windowSeconds} s, need ${need}, want ${want}`);
    }
    const now = this.now();
    for (const back of request.giveBack ?? []) this.takeBack(back);
    const usage = this.current(windowSeconds * 1000, now);
    let granted = usage.granted;
    const free = Math.max(0, limit - granted);
    const holders = request.holder ? this.holders.touch(request.holder, now) : 1;
    const slots = leaseSize({ need, want, free, holders });
    granted += slots;
    if (granted !== usage.granted || this.windows.get(usage.windowMs) !== usage) {
      const next = { ...usage, granted };
      this.store.save(next);
      this.windows.set(next.windowMs, next);
    }
    const resetMs = usage.windowStart + usage.windowMs - now;
    const ttlMs = Math.min(resetMs, LEASE_MAX_MS);
    if (slots > need) this.speculativeUntil = Math.max(this.speculativeUntil, now + ttlMs);
    const recheckMs = this.speculativeUntil > now ? Math.min(resetMs, this.speculativeUntil - now) : resetMs;
    return { granted: slots, windowStart: usage.windowStart, resetMs, ttlMs, free: free - slots, recheckMs };
  }

  /** Counts one event exactly (a lease of one slot that is spent at once). */
  consume(limit: number, windowSeconds: number): RateLimitDecision {
    const answer = this.lease({ limit, windowSeconds, holder: "", need: 1, want: 1 });
    return { allowed: answer.granted === 1, limit, remaining: answer.free, resetMs: answer.resetMs };
  }

  /** Slots an isolate will not use: free again if their window is the one stored (it has not ended). */
  private takeBack({ windowSeconds, windowStart, slots }: GivenBack): void {
    const stored = this.windows.get(windowSeconds * 1000);
    if (stored?.windowStart !== windowStart || !(slots > 0)) return;
    const next = { ...stored, granted: Math.max(0, stored.granted - Math.floor(slots)) };
    this.store.save(next);
    this.windows.set(next.windowMs, next);
  }

  /** When the last stored count stops mattering (the end of its window); 0 when nothing is stored. */
  storedUntil(): number {
    let until = 0;
    for (const u of this.windows.values())
      until = Math.max(until, u.windowStart + (u.windowMs === LEGACY ? MAX_WINDOW_SECONDS * 1000 : u.windowMs));
    return until;
  }

  /** The storage was deleted (every stored window had ended). */
  forget(): void {
    this.windows.clear();
  }

  /** The count of the window running at `now`; a count stored without its length is kept if it started then. */
  private current(windowMs: number, now: number): WindowUsage {
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const stored = this.windows.get(windowMs);
    if (stored?.windowStart === windowStart) return stored;
    const legacy = this.windows.get(LEGACY);
    return { windowMs, windowStart, granted: legacy?.windowStart === windowStart ? legacy.granted : 0 };
  }
}
