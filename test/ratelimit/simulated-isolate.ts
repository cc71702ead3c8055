import { env } from "cloudflare:workers";
import { WAIT_FOR_ASK_MS } from "../../src/ratelimit/identity-leases";
import { type Admission, LeaseBook, type LeaseIo } from "../../src/ratelimit/lease-book";
import type { LeaseAnswer, LeasePolicy, LeaseRequest } from "../../src/ratelimit/protocol";

export const limiterOf = (identity: string) => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(identity));

/**
 * An isolate as the Worker runs it — the real LeaseBook talking to the real rate-limit object
 * over RPC — with a clock the test moves (`advance`) instead of waiting. Lease-end timers never
 * fire (lapsed slots go back with the next call), so every object call comes from a request.
 * `answerTakesMs` moves the clock while an answer travels back (a slow or far object).
 */
export function simulatedIsolate(name: string, options: { answerTakesMs?: (answer: LeaseAnswer) => number } = {}) {
  let now = Date.now();
  const calls: Array<{ request: LeaseRequest; answer?: LeaseAnswer }> = [];
  const book = new LeaseBook({
    now: () => now,
    holder: () => name,
    // Requests waiting for another request's call poll in real time; lease-end timers never fire.
    sleep: (ms) => (ms <= WAIT_FOR_ASK_MS ? new Promise((resolve) => setTimeout(resolve, ms)) : new Promise(() => {})),
  });
  const io = (identity: string): LeaseIo => ({
    source: async (request) => {
      const call: { request: LeaseRequest; answer?: LeaseAnswer } = { request };
      calls.push(call);
      call.answer = await limiterOf(identity).lease(request);
      now += options.answerTakesMs?.(call.answer) ?? 0;
      return call.answer;
    },
    defer: () => undefined,
  });
  return {
    calls,
    advance: (ms: number) => void (now += ms),
    admit: (identity: string, policy: LeasePolicy): Promise<Admission> => Promise.resolve(book.admit(identity, policy, io(identity))),
  };
}

/** The slots the object has counted as granted in its current window of `windowSeconds`. */
export async function grantedByObject(identity: string, windowSeconds: number): Promise<number> {
  const { runInDurableObject } = await import("cloudflare:test");
  return runInDurableObject(limiterOf(identity), (_instance, state) => {
    const row = state.storage.sql
      .exec<{ granted: number }>("SELECT granted FROM usage WHERE window_ms = ?", windowSeconds * 1000)
      .toArray()[0];
    return row?.granted ?? 0;
  });
}
