// Runs one scenario: simulated isolates, each with the real LeaseBook (src/ratelimit), send
// their requests to simulated objects (the real WindowBudget), in virtual time; an exact
// counter with no latency is the yardstick.
import { type Admission, LeaseBook, type LeaseIo } from "../../src/ratelimit/lease-book";
import type { LeasePolicy } from "../../src/ratelimit/protocol";
import { SimulatedObject } from "./simulated-object";
import { seededRandom, VirtualTime } from "./virtual-time";

export type Scenario = {
  name: string;
  seconds: number;
  isolates: number;
  policy: LeasePolicy;
  /** The limit changed by an operator at `atMs`; each isolate sees it when its token cache entry expires (≤ 5 s). */
  change?: { atMs: number; policy: LeasePolicy };
  /** One-way network latency between an isolate and the object, ms. */
  oneWayMs: [number, number];
  /** Time one object request occupies the object's thread (1 ms ≈ 1,000 requests/s). */
  serviceMs?: number;
  /** Schedules every request: `send(atMs, identity)`; `random` is seeded. */
  arrivals: (send: (atMs: number, identity: number) => void, random: () => number, seconds: number) => void;
  seed: number;
};

export type Result = {
  name: string;
  requests: number;
  admitted: number;
  refused: number;
  unavailable: number;
  /** Admissions beyond the limit in force, summed over windows (by the window whose budget each spent): must be 0. */
  overAdmitted: number;
  /** Admissions from a held slot decided outside that slot's window: must be 0. */
  outsideWindow: number;
  /** Waiting requests admitted after their window ended, on the slot the object counted for them inside it. */
  admittedOnLateAnswer: number;
  /**
   * Refusals within the budget: requests refused in a window that ended with part of its budget
   * unused (per window: min(refused, limit − admitted)), which an exact counter would have admitted.
   */
  refusedWithinBudget: number;
  /** Refusals decided while the window had admitted fewer than its limit so far (the slots were in flight or held by other isolates, and were used later). */
  refusedBeforeBudgetSpent: number;
  objectCalls: number;
  giveBackOnlyCalls: number;
  peakObjectCallsPerSecond: number;
  maxObjectQueueMs: number;
  /** Admitted requests that waited for an object answer (no slot held). */
  waited: number;
  waitP50Ms: number;
  waitP99Ms: number;
  /** Change scenarios: the last admission under the old limit, ms after the change. */
  lastOldLimitAdmissionMs?: number;
  /** Change scenarios: windows starting ≥ 10 s after the change that admitted more than the new limit. */
  windowsOverNewLimitAfter10s?: number;
  limitAfterChange?: number;
};

const TOKEN_CACHE_MS = 5_000;
/** The contract: a changed limit applies within 10 s. */
const CHANGE_DEADLINE_MS = 10_000;

export async function simulate(s: Scenario): Promise<Result> {
  const time = new VirtualTime();
  const random = seededRandom(s.seed);
  const network = { oneWayMs: () => s.oneWayMs[0] + (s.oneWayMs[1] - s.oneWayMs[0]) * random() };
  const objects = new Map<number, SimulatedObject>();
  const objectOf = (identity: number) => {
    let o = objects.get(identity);
    if (!o) objects.set(identity, (o = new SimulatedObject(time, network, s.serviceMs ?? 1)));
    return o;
  };
  const isolates = Array.from({ length: s.isolates }, (_, i) => ({
    book: new LeaseBook({ now: () => time.now, holder: () => `isolate-${i}`, sleep: time.sleep }),
    seesChangeAt: s.change ? s.change.atMs + random() * TOKEN_CACHE_MS : Number.POSITIVE_INFINITY,
  }));

  const windowMs = s.policy.windowSeconds * 1000;
  if (s.change && s.change.policy.windowSeconds !== s.policy.windowSeconds) throw new Error("a change scenario keeps the window length");
  /** The limit an exact limiter applies at `t`: the old one, the new one from the deadline on, the larger one between. */
  const limitAt = (t: number) => {
    if (!s.change || t < s.change.atMs) return s.policy.limit;
    if (t >= s.change.atMs + CHANGE_DEADLINE_MS) return s.change.policy.limit;
    return Math.max(s.policy.limit, s.change.policy.limit);
  };
  /** For refusals: between the change and its deadline either limit is right, so only the smaller counts as budget. */
  const budgetAt = (t: number) =>
    s.change && t >= s.change.atMs && t < s.change.atMs + CHANGE_DEADLINE_MS ? Math.min(s.policy.limit, s.change.policy.limit) : limitAt(t);

  /** Admitted and refused requests by identity and the window they were decided in. */
  const admittedIn = new Map<string, number>();
  const refusedIn = new Map<string, number>();
  const r: Result = {
    name: s.name,
    requests: 0,
    admitted: 0,
    refused: 0,
    unavailable: 0,
    overAdmitted: 0,
    outsideWindow: 0,
    admittedOnLateAnswer: 0,
    refusedWithinBudget: 0,
    refusedBeforeBudgetSpent: 0,
    objectCalls: 0,
    giveBackOnlyCalls: 0,
    peakObjectCallsPerSecond: 0,
    maxObjectQueueMs: 0,
    waited: 0,
    waitP50Ms: 0,
    waitP99Ms: 0,
  };
  const waits: number[] = [];
  let lastOldAdmission = Number.NEGATIVE_INFINITY;

  const decide = (d: Admission, identity: number, arrivedAt: number, oldPolicy: boolean) => {
    const now = time.now;
    // The window whose budget the admission spent (the object's clock is the simulation's clock).
    const window = d.allowed ? Math.floor(d.window / windowMs) : Math.floor(now / windowMs);
    const key = `${identity}:${window}`;
    const admitted = admittedIn.get(key) ?? 0;
    if (d.allowed) {
      const inWindow = now >= window * windowMs && now < (window + 1) * windowMs;
      if (!inWindow && now === arrivedAt) r.outsideWindow += 1;
      else if (!inWindow) r.admittedOnLateAnswer += 1;
      r.admitted += 1;
      admittedIn.set(key, admitted + 1);
      if (admitted + 1 > limitAt(Math.min(now, (window + 1) * windowMs - 1))) r.overAdmitted += 1;
      if (now > arrivedAt) {
        r.waited += 1;
        waits.push(now - arrivedAt);
      }
      if (oldPolicy) lastOldAdmission = Math.max(lastOldAdmission, now);
    } else {
      r.refused += 1;
      refusedIn.set(key, (refusedIn.get(key) ?? 0) + 1);
      if (admitted < budgetAt(now)) r.refusedBeforeBudgetSpent += 1;
    }
  };

  const send = (atMs: number, identity: number) => {
    time.at(atMs, () => {
      r.requests += 1;
      const arrivedAt = time.now;
      const isolate = isolates[Math.floor(random() * isolates.length)]!;
      const oldPolicy = arrivedAt < isolate.seesChangeAt;
      const policy = oldPolicy ? s.policy : s.change!.policy;
      const object = objectOf(identity);
      const io: LeaseIo = { source: object.lease, defer: (work) => void work.catch(() => undefined) };
      const d = isolate.book.admit(`tok:${identity}`, policy, io);
      if (d instanceof Promise) {
        d.then(
          (x) => decide(x, identity, arrivedAt, oldPolicy && s.change !== undefined),
          () => (r.unavailable += 1),
        );
      } else decide(d, identity, arrivedAt, oldPolicy && s.change !== undefined);
    });
  };
  s.arrivals(send, random, s.seconds);
  // Past the last arrival, so every answer and give-back lands.
  await time.run(s.seconds * 1000 + 30_000);

  for (const [key, refused] of refusedIn) {
    // The limit in force at the window's end (after a change, the new one).
    const windowEnd = (Number(key.split(":")[1]) + 1) * windowMs - 1;
    const unused = Math.max(0, budgetAt(windowEnd) - (admittedIn.get(key) ?? 0));
    r.refusedWithinBudget += Math.min(refused, unused);
  }
  for (const o of objects.values()) {
    r.objectCalls += o.calls;
    r.giveBackOnlyCalls += o.giveBackOnly;
    r.maxObjectQueueMs = Math.max(r.maxObjectQueueMs, o.maxQueueWaitMs);
    for (const n of o.callsPerSecond.values()) r.peakObjectCallsPerSecond = Math.max(r.peakObjectCallsPerSecond, n);
  }
  waits.sort((a, b) => a - b);
  // Wait percentiles over all admitted requests (those admitted from a held slot waited 0 ms).
  const pct = (p: number) => {
    const i = Math.ceil(p * r.admitted) - 1 - (r.admitted - waits.length);
    return i < 0 ? 0 : Math.round(waits[Math.min(i, waits.length - 1)]!);
  };
  r.waitP50Ms = pct(0.5);
  r.waitP99Ms = pct(0.99);
  if (s.change) {
    r.limitAfterChange = s.change.policy.limit;
    r.lastOldLimitAdmissionMs = Math.round(lastOldAdmission - s.change.atMs);
    let over = 0;
    for (const [key, n] of admittedIn) {
      const windowStart = Number(key.split(":")[1]) * windowMs;
      if (windowStart >= s.change.atMs + CHANGE_DEADLINE_MS && n > s.change.policy.limit) over += 1;
    }
    r.windowsOverNewLimitAfter10s = over;
  }
  return r;
}
