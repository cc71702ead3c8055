// One identity's leases inside one isolate: admits from held slots without I/O, asks the
// object for more when none is left, renews ahead of demand in the background, and gives
// unused slots back. Workers forbid one request from resolving a promise another request
// awaits, so a request that has to wait asks the object itself; the slots it gets are shared.
import { DemandMeter } from "./demand";
import { RateLimiterUnavailable } from "./errors";
import { type GivenBack, LEASE_MAX_MS, type LeaseAnswer, type LeasePolicy, type LeaseRequest } from "./protocol";

export type LeaseSource = (request: LeaseRequest) => Promise<LeaseAnswer>;

/** What a request lends the book: the identity's object, and a way to finish work after the response. */
export type LeaseIo = {
  source: LeaseSource;
  /** Keeps background work (renewals, give-backs) alive after the response (ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
};

/** The isolate's clock and identity; injected so the simulation runs this code in virtual time. */
export type LeaseClock = {
  now: () => number;
  /** This isolate's holder id (random, made on first use: Workers allow no randomness at startup). */
  holder: () => string;
  sleep: (ms: number) => Promise<void>;
};

export type Admission = {
  allowed: boolean;
  limit: number;
  /** Slots this isolate holds plus the window's slots nobody held at the object's last answer. */
  remaining: number;
  /** Milliseconds until the window ends, measured from the object's answer (never early). */
  resetMs: number;
  /** Start of the window (object clock) whose budget the admission spent or found spent; 0 if unknown. */
  window: number;
};

/**
 * A lease stops being used this long before its end by the local clock. Its end is measured
 * from when the isolate *asked*, so the object's window is never overrun by latency; the guard
 * covers the Workers clock, which only moves on I/O.
 */
export const CLOCK_GUARD_MS = 10;
/** Demand (requests/s in this isolate) from which slots are asked for ahead of requests. */
export const SPECULATE_FROM_PER_SECOND = 2;
/** Slots are asked for to cover this much of the expected demand (less than a lease's life, so few lapse unused). */
export const LEASE_DEMAND_MS = 4_000;
/**
 * A renewal is asked for when the slots held would last less than this many round trips to
 * the object at the current demand: enough to get the next lease before these run out, not so
 * much that slots pile up in one isolate while the window's budget runs low.
 */
export const RENEW_AHEAD_ROUND_TRIPS = 4;
const MIN_RENEW_AHEAD_MS = 50;
/** Round trip to the object assumed before one is measured. */
const FIRST_ROUND_TRIP_MS = 50;
/** Answers that arrive after their window ended, in a row, before waiting requests give up (503). */
const MAX_STALE_ANSWERS = 3;
/**
 * While this isolate already asks the object for slots, a request without one checks again
 * after this long instead of asking too: one call per isolate at a cold start or a window's
 * turn, not one per request (which would queue the object). Workers forbid waiting on the
 * other request's promise, so this is a timer of its own.
 */
export const WAIT_FOR_ASK_MS = 2;
/** A request waits at most this long for another request's ask before asking itself. */
const MAX_WAIT_FOR_ASK_MS = 5_000;

type Grant = { slots: number; windowSeconds: number; windowStart: number; usableUntil: number; windowEnd: number };
type Returning = GivenBack & { until: number };

export class IdentityLeases {
  /** Slots held, soonest end first. */
  private grants: Grant[] = [];
  /** Unleased slots of the window at the object's last answer. */
  private free = 0;
  /** Upper bound of the window's end by the local clock (Reset, Retry-After). */
  private resetAt = 0;
  /** Lower bound of the window's end by the local clock (how long slots can last). */
  private windowEnd = 0;
  private blockedUntil = 0;
  private renewing = false;
  /** Calls in flight that ask for slots (not only giving back). */
  private asking = 0;
  /** Round trip to the object, smoothed. */
  private roundTripMs = FIRST_ROUND_TRIP_MS;
  private readonly demand = new DemandMeter();
  private readonly returning = new Map<string, Returning>();
  /** Window of the slot spent last, or of the last answer that found the budget spent. */
  private spentWindow = 0;

  constructor(
    readonly policy: LeasePolicy,
    private readonly clock: LeaseClock,
  ) {}

  admit(io: LeaseIo): Admission | Promise<Admission> {
    const now = this.clock.now();
    this.demand.record(now);
    if (this.blockedUntil > now) return this.refused(now);
    if (this.take(now)) {
      this.renewIfLow(now, io);
      return this.admitted(now);
    }
    return this.acquire(io);
  }

  /** Hands over every held slot (the identity's limit changed): they are given back by the successor. */
  surrender(): Returning[] {
    for (const grant of this.grants.splice(0)) this.returnLater(grant);
    const all = [...this.returning.values()];
    this.returning.clear();
    return all;
  }

  inherit(returning: Returning[]): void {
    for (const r of returning) this.addReturning(r);
  }

  /** No slot held: asks the object until this request has a slot, or the window is known to be spent. */
  private async acquire(io: LeaseIo): Promise<Admission> {
    const since = this.clock.now();
    for (let staleAnswers = 0; ; ) {
      if (this.asking > 0 && this.clock.now() - since < MAX_WAIT_FOR_ASK_MS) {
        await this.clock.sleep(WAIT_FOR_ASK_MS);
        const now = this.clock.now();
        if (this.take(now)) return this.admitted(now);
        if (this.blockedUntil > now) return this.refused(now);
        continue;
      }
      const sentAt = this.clock.now();
      const answer = await this.ask(io, 1, sentAt);
      const now = this.clock.now();
      const { fresh, admitted } = this.absorb(answer, sentAt, now, io, true);
      if (admitted) return this.admitted(now);
      // Refused: the window's budget is spent (unless a renewal brought slots meanwhile).
      if (this.take(now)) return this.admitted(now);
      if (this.blockedUntil > now) return this.refused(now);
      if (fresh) {
        // Refused, and so are the next requests without I/O until slots leased to other isolates may
        // have come back, or the window ends (its earliest possible end: refusing after it would
        // refuse from a whole budget).
        this.blockedUntil = Math.min(this.windowEnd, now + answer.recheckMs + this.roundTripMs);
        return this.refused(now);
      }
      if (++staleAnswers >= MAX_STALE_ANSWERS) throw new RateLimiterUnavailable(new Error("answers arrive after their window ended"));
      // Refused at the very end of a window: ask again once the object is surely in the next one.
      await this.clock.sleep(answer.resetMs + 1);
    }
  }

  /** Asks the object for `need` slots plus the expected demand, giving back what lapsed. */
  private async ask(io: LeaseIo, need: number, sentAt: number): Promise<LeaseAnswer> {
    const want = need + Math.max(0, this.expectedDemand(sentAt, this.horizonMs(sentAt)) - this.held(sentAt));
    const request: LeaseRequest = { ...this.policy, holder: this.clock.holder(), need, want };
    const giveBack = this.drainReturning(sentAt);
    if (giveBack.length > 0) request.giveBack = giveBack;
    if (want > 0) this.asking += 1;
    try {
      const answer = await io.source(request);
      this.roundTripMs += (this.clock.now() - sentAt - this.roundTripMs) / 4;
      return answer;
    } catch (err) {
      throw new RateLimiterUnavailable(err);
    } finally {
      if (want > 0) this.asking -= 1;
    }
  }

  /**
   * Takes in an answer. With `ownSlot` (a waiting request asked), one granted slot is that
   * request's: the object counted it when it answered, inside its window, which is the moment the
   * request is admitted (as with an exact counter), however late the answer arrives. The other
   * slots are held for later requests while their lease and window last; `fresh` is false when
   * the answer speaks of a window that has ended meanwhile (its other slots are of no use).
   */
  private absorb(answer: LeaseAnswer, sentAt: number, now: number, io: LeaseIo, ownSlot: boolean): { fresh: boolean; admitted: boolean } {
    let slots = answer.granted;
    const admitted = ownSlot && slots > 0;
    if (admitted) {
      slots -= 1;
      this.spentWindow = answer.windowStart;
    }
    // Measured from the ask, the window's end is never later than the object's; from the answer, never earlier.
    const windowEnd = sentAt + answer.resetMs;
    const fresh = now < windowEnd - CLOCK_GUARD_MS;
    if (!fresh) return { fresh, admitted };
    if (!admitted && answer.granted === 0) this.spentWindow = answer.windowStart;
    this.free = answer.free;
    this.resetAt = now + answer.resetMs;
    this.windowEnd = windowEnd;
    if (slots > 0) {
      const usableUntil = sentAt + Math.min(answer.ttlMs, answer.resetMs, LEASE_MAX_MS) - CLOCK_GUARD_MS;
      const grant = { slots, windowSeconds: this.policy.windowSeconds, windowStart: answer.windowStart, usableUntil, windowEnd };
      if (usableUntil <= now) {
        this.returnLater(grant); // the lease ended on the way (a very slow answer): back with the next call
      } else {
        this.grants.push(grant);
        this.grants.sort((a, b) => a.usableUntil - b.usableUntil);
        // Slots still held when the lease ends go back then, not with whatever call comes next.
        io.defer(this.clock.sleep(usableUntil - now + 1).then(() => this.returnLapsed(io)));
      }
    }
    return { fresh, admitted };
  }

  private renewIfLow(now: number, io: LeaseIo): void {
    if (this.renewing) return;
    const aheadMs = Math.max(MIN_RENEW_AHEAD_MS, RENEW_AHEAD_ROUND_TRIPS * this.roundTripMs);
    const ahead = this.expectedDemand(now, Math.min(aheadMs, this.horizonMs(now)));
    if (ahead === 0 || this.held(now) >= ahead) return;
    this.renewing = true;
    io.defer(
      this.ask(io, 0, now)
        .then((answer) => this.absorb(answer, now, this.clock.now(), io, false))
        .catch(() => undefined) // a request that finds no slot asks again, and answers 503 if that fails
        .finally(() => (this.renewing = false)),
    );
  }

  private returnLapsed(io: LeaseIo): Promise<unknown> | undefined {
    const now = this.clock.now();
    this.lapse(now);
    if (this.returning.size === 0) return undefined;
    return this.ask(io, 0, now).then(
      (answer) => this.absorb(answer, now, this.clock.now(), io, false),
      () => undefined,
    );
  }

  /** Spends a held slot; false when none is held. */
  private take(now: number): boolean {
    this.lapse(now);
    const grant = this.grants[0];
    if (!grant) return false;
    grant.slots -= 1;
    this.spentWindow = grant.windowStart;
    if (grant.slots === 0) this.grants.shift();
    return true;
  }

  /** Slots of leases past their end are kept to be given back with the next call. */
  private lapse(now: number): void {
    while (this.grants[0] && this.grants[0].usableUntil <= now) this.returnLater(this.grants.shift()!);
  }

  private held(now: number): number {
    let slots = 0;
    for (const g of this.grants) if (g.usableUntil > now) slots += g.slots;
    return slots;
  }

  /** How long a lease asked for now could be used. */
  private horizonMs(now: number): number {
    const toWindowEnd = this.windowEnd > now ? this.windowEnd - now : this.policy.windowSeconds * 1000;
    return Math.min(LEASE_DEMAND_MS, this.policy.windowSeconds * 1000, toWindowEnd);
  }

  private expectedDemand(now: number, ms: number): number {
    const perSecond = this.demand.perSecond(now);
    return perSecond >= SPECULATE_FROM_PER_SECOND ? Math.ceil((perSecond * ms) / 1000) : 0;
  }

  private returnLater(grant: Grant): void {
    if (grant.slots > 0)
      this.addReturning({ windowSeconds: grant.windowSeconds, windowStart: grant.windowStart, slots: grant.slots, until: grant.windowEnd });
  }

  private addReturning(r: Returning): void {
    const key = `${r.windowSeconds}:${r.windowStart}`;
    const known = this.returning.get(key);
    if (known) known.slots += r.slots;
    else this.returning.set(key, { ...r });
  }

  /** What to give back now: slots of windows that have not ended (the others no longer count). */
  private drainReturning(now: number): GivenBack[] {
    const out: GivenBack[] = [];
    for (const r of this.returning.values())
      if (r.until > now) out.push({ windowSeconds: r.windowSeconds, windowStart: r.windowStart, slots: r.slots });
    this.returning.clear();
    return out;
  }

  private admitted(now: number): Admission {
    return {
      allowed: true,
      limit: this.policy.limit,
      remaining: this.held(now) + this.free,
      resetMs: Math.max(0, this.resetAt - now),
      window: this.spentWindow,
    };
  }

  private refused(now: number): Admission {
    return { allowed: false, limit: this.policy.limit, remaining: 0, resetMs: Math.max(0, this.resetAt - now), window: this.spentWindow };
  }
}
