import { DurableObject } from "cloudflare:workers";
import { SqlBudgetStore } from "./budget-store";
import type { LeaseAnswer, LeaseRequest, RateLimitDecision } from "./protocol";
import { WindowBudget } from "./window-budget";

/**
 * One object per rate-limit identity (a token, or a public token + client IP). It runs one
 * request at a time, so its count of granted slots is exact; isolates admit requests from the
 * slots it leases them (src/ratelimit/lease-book.ts), so most requests never reach it. The
 * logic is in window-budget.ts; this class adds the storage and the alarm.
 *
 * The counts are in the object's SQLite storage, so an evicted or restarted object does not
 * hand out a fresh budget mid-window. An alarm at the end of the last window deletes that
 * storage: an identity that stops sending costs nothing after its window.
 */
export class RateLimiter extends DurableObject<Env> {
  private readonly store: SqlBudgetStore;
  private readonly budget: WindowBudget;
  /** The alarm this object set; 0 when unknown (fresh or evicted object). */
  private alarmAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SqlBudgetStore(ctx.storage.sql);
    this.budget = new WindowBudget(this.store, () => Date.now());
  }

  /** Grants the asking isolate a lease of the current window's budget (see protocol.ts). */
  async lease(request: LeaseRequest): Promise<LeaseAnswer> {
    const answer = this.budget.lease(request);
    await this.armAlarm();
    return answer;
  }

  /** Counts one event against `limit` per `windowSeconds`; refused events are not counted. */
  async consume(limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const decision = this.budget.consume(limit, windowSeconds);
    await this.armAlarm();
    return decision;
  }

  /** The stored windows are over: their counts no longer matter, so nothing of this identity is kept. */
  override async alarm(): Promise<void> {
    // A later window moved the end of what is stored; this alarm is stale.
    if (Date.now() < this.budget.storedUntil()) return;
    await this.ctx.storage.deleteAll();
    this.store.forget();
    this.budget.forget();
    this.alarmAt = 0;
  }

  private async armAlarm(): Promise<void> {
    const until = this.budget.storedUntil();
    if (until > this.alarmAt) {
      this.alarmAt = until;
      await this.ctx.storage.setAlarm(until);
    }
  }
}
