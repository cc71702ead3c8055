import { DurableObject } from "cloudflare:workers";

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends (and the budget is whole again). */
  resetMs: number;
};

/**
 * One object per rate-limit identity (a token, or a public token + client IP). Fixed windows
 * aligned to multiples of the window length: a request is admitted while the window's count is
 * below the limit. A Durable Object runs one request at a time, so admission is exact under
 * any burst, and the time to the window's end is an honest Retry-After: the budget is whole
 * again exactly then.
 *
 * The count is kept in memory and written to the object's SQLite storage, so an evicted or
 * restarted object does not hand out a fresh budget mid-window.
 */
export class RateLimiter extends DurableObject<Env> {
  private windowStart = 0;
  private count = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS usage (id INTEGER PRIMARY KEY CHECK (id = 1), window_start INTEGER NOT NULL, count INTEGER NOT NULL)");
    const row = ctx.storage.sql.exec<{ window_start: number; count: number }>("SELECT window_start, count FROM usage").toArray()[0];
    if (row) {
      this.windowStart = row.window_start;
      this.count = row.count;
    }
  }

  /** Counts one request against `limit` per `windowSeconds`; refused requests are not counted. */
  consume(limit: number, windowSeconds: number, now = Date.now()): RateLimitDecision {
    const windowMs = windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.count = 0;
    }
    const resetMs = windowStart + windowMs - now;
    if (this.count >= limit) return { allowed: false, limit, remaining: 0, resetMs };
    this.count += 1;
    this.ctx.storage.sql.exec(
      "INSERT INTO usage (id, window_start, count) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET window_start = excluded.window_start, count = excluded.count",
      this.windowStart,
      this.count,
    );
    return { allowed: true, limit, remaining: limit - this.count, resetMs };
  }
}
