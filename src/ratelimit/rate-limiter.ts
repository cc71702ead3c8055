import { DurableObject } from "cloudflare:workers";

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends (and the budget is whole again). */
  resetMs: number;
};

const MAX_WINDOW_SECONDS = 86_400;

/**
 * One object per rate-limit identity (a token, or a public token + client IP). Fixed windows
 * aligned to multiples of the window length: a request is admitted while the window's count is
 * below the limit. A Durable Object runs one request at a time, so admission is exact under
 * any burst, and the time to the window's end is an honest Retry-After: the budget is whole
 * again exactly then.
 *
 * The count is kept in memory and written to the object's SQLite storage, so an evicted or
 * restarted object does not hand out a fresh budget mid-window. An alarm at the end of each
 * window deletes that storage: an identity that stops sending costs nothing after its window.
 */
export class RateLimiter extends DurableObject<Env> {
  private windowStart = 0;
  /** End of the window counted in memory; 0 when unknown (fresh or evicted object). */
  private windowEnd = 0;
  private count = 0;
  private tableReady = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ensureTable();
    const row = ctx.storage.sql.exec<{ window_start: number; count: number }>("SELECT window_start, count FROM usage").toArray()[0];
    if (row) {
      this.windowStart = row.window_start;
      this.count = row.count;
    }
  }

  private ensureTable(): void {
    if (this.tableReady) return;
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS usage (id INTEGER PRIMARY KEY CHECK (id = 1), window_start INTEGER NOT NULL, count INTEGER NOT NULL)",
    );
    this.tableReady = true;
  }

  /** Counts one request against `limit` per `windowSeconds`; refused requests are not counted. */
  async consume(limit: number, windowSeconds: number, now = Date.now()): Promise<RateLimitDecision> {
    if (
      !Number.isSafeInteger(limit) ||
      limit < 0 ||
      !Number.isInteger(windowSeconds) ||
      windowSeconds < 1 ||
      windowSeconds > MAX_WINDOW_SECONDS
    ) {
      throw new RangeError(`Invalid rate limit ${limit} per ${windowSeconds} s`);
    }
    const windowMs = windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const windowEnd = windowStart + windowMs;
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.count = 0;
    }
    const resetMs = windowEnd - now;
    if (this.count >= limit) return { allowed: false, limit, remaining: 0, resetMs };
    this.count += 1;
    this.ensureTable();
    this.ctx.storage.sql.exec(
      "INSERT INTO usage (id, window_start, count) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET window_start = excluded.window_start, count = excluded.count",
      this.windowStart,
      this.count,
    );
    // Once per window: the storage deletes itself when the window is over.
    if (windowEnd !== this.windowEnd) {
      this.windowEnd = windowEnd;
      await this.ctx.storage.setAlarm(windowEnd);
    }
    return { allowed: true, limit, remaining: limit - this.count, resetMs };
  }

  /** The window is over: its count no longer matters, so nothing of this identity is kept. */
  override async alarm(): Promise<void> {
    // A request of a later window moved the alarm to that window's end; this one is stale.
    if (Date.now() < this.windowEnd) return;
    await this.ctx.storage.deleteAll();
    this.tableReady = false;
    this.windowStart = 0;
    this.windowEnd = 0;
    this.count = 0;
  }
}
