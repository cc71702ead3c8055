import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { RateLimiter } from "../../src/ratelimit/rate-limiter";
import { createSite, createToken } from "../support/fixtures";
import { call } from "../support/http";

const limiterOf = (tokenId: string) => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`tok:${tokenId}`));

/** What the object keeps: its alarm and its user tables (SQLite's and Cloudflare's own are not counted). */
async function storageOf(tokenId: string) {
  return runInDurableObject(limiterOf(tokenId), async (_instance: RateLimiter, state) => ({
    alarm: await state.storage.getAlarm(),
    tables: state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray()
      .map((r) => r.name),
  }));
}

describe("rate limiter storage", () => {
  it("keeps an identity's count only until its window ends: an alarm then deletes the object's storage", async () => {
    const site = await createSite();
    const token = await createToken(site.id, { kind: "secret", rate_limit: { limit: 5, window_seconds: 2 } });
    const res = await call(`/v1/${site.id}/revenue`, { headers: { authorization: `Bearer ${token.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-remaining")).toBe("4");

    const during = await storageOf(token.id);
    expect(during.tables).toEqual(["usage"]);
    const windowEnd = during.alarm!;
    expect(windowEnd % 2000).toBe(0);
    expect(windowEnd).toBeGreaterThan(Date.now() - 50);

    // After the window: the alarm (run here at once if it has not fired by itself yet) leaves nothing behind.
    await vi.waitUntil(() => Date.now() >= windowEnd, { timeout: 5_000, interval: 50 });
    await runDurableObjectAlarm(limiterOf(token.id));
    expect(await storageOf(token.id)).toEqual({ alarm: null, tables: [] });

    // The identity starts afresh, with a whole budget.
    const next = await call(`/v1/${site.id}/revenue`, { headers: { authorization: `Bearer ${token.token}` } });
    expect(next.status).toBe(200);
    expect(next.headers.get("ratelimit-remaining")).toBe("4");
    expect((await storageOf(token.id)).tables).toEqual(["usage"]);
  });

  it("an alarm of a window that is over does not erase the count of the window now running", async () => {
    const site = await createSite();
    const token = await createToken(site.id, { kind: "secret", rate_limit: { limit: 3, window_seconds: 60 } });
    const headers = { authorization: `Bearer ${token.token}` };
    await call(`/v1/${site.id}/revenue`, { headers });
    // A stale alarm (as if set for an earlier window) fires now, inside the running window.
    await runInDurableObject(limiterOf(token.id), async (_i: RateLimiter, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(limiterOf(token.id));
    const res = await call(`/v1/${site.id}/revenue`, { headers });
    expect(res.headers.get("ratelimit-remaining")).toBe("1");
  });
});
