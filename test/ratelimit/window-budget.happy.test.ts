import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type BudgetStore, SqlBudgetStore, type WindowUsage } from "../../src/ratelimit/budget-store";
import { LEASE_MAX_MS } from "../../src/ratelimit/protocol";
import { WindowBudget } from "../../src/ratelimit/window-budget";
import { createSite, createToken } from "../support/fixtures";
import { call } from "../support/http";
import { limiterOf } from "./simulated-isolate";

class MemoryStore implements BudgetStore {
  rows = new Map<number, WindowUsage>();
  load = () => [...this.rows.values()];
  save = (u: WindowUsage) => void this.rows.set(u.windowMs, { ...u });
}

/** The object's logic on a clock the test moves: 10 s into a 60 s window. */
function budget(start = 1_800_000_010_000) {
  const clock = { now: start };
  const store = new MemoryStore();
  return { clock, store, budget: new WindowBudget(store, () => clock.now) };
}

const policy = { limit: 100, windowSeconds: 60 };

describe("the rate-limit object's budget", () => {
  it("never grants more than the limit in a window; waiting requests get slots while any are free", () => {
    const { budget: b } = budget();
    let granted = 0;
    for (let i = 0; i < 40; i++) granted += b.lease({ ...policy, holder: `h${i % 4}`, need: 3, want: 50 }).granted;
    expect(granted).toBe(100);
    const spent = b.lease({ ...policy, holder: "h0", need: 1, want: 1 });
    expect(spent).toMatchObject({ granted: 0, free: 0 });
  });

  it("grants slots ahead of demand only up to half an equal share of the free budget among the isolates asking", () => {
    const { budget: b } = budget();
    expect(b.lease({ ...policy, holder: "a", need: 1, want: 80 }).granted).toBe(50); // alone: half of 100
    expect(b.lease({ ...policy, holder: "b", need: 1, want: 80 }).granted).toBe(12); // two asking: half of 50 / 2
    expect(b.lease({ ...policy, holder: "a", need: 30, want: 80 }).granted).toBe(30); // waiting requests are always served
  });

  it("takes slots back only for the window they were granted in, and starts each window with the whole budget", () => {
    const { clock, budget: b } = budget();
    const first = b.lease({ ...policy, holder: "a", need: 1, want: 80 });
    expect(first.free).toBe(50);
    const back = { windowSeconds: 60, windowStart: first.windowStart, slots: 20 };
    expect(b.lease({ ...policy, holder: "a", need: 0, want: 0, giveBack: [back] }).free).toBe(70);
    clock.now += 60_000;
    const next = b.lease({ ...policy, holder: "a", need: 0, want: 0, giveBack: [back] });
    expect(next.windowStart).toBe(first.windowStart + 60_000);
    expect(next.free).toBe(100);
  });

  it("tells a refused isolate to ask again when leases granted ahead of demand end, or at the window's end when none are out", () => {
    const { clock, budget: b } = budget();
    b.lease({ limit: 10, windowSeconds: 60, holder: "a", need: 1, want: 10 });
    const refused = b.lease({ limit: 10, windowSeconds: 60, holder: "b", need: 10, want: 10 });
    expect(refused.recheckMs).toBe(LEASE_MAX_MS);
    clock.now += LEASE_MAX_MS;
    const later = b.lease({ limit: 10, windowSeconds: 60, holder: "b", need: 1, want: 1 });
    expect(later.granted).toBe(0);
    expect(later.recheckMs).toBe(later.resetMs);
  });

  it("refuses a policy it cannot apply", () => {
    const { budget: b } = budget();
    expect(() => b.lease({ limit: 10, windowSeconds: 0, holder: "a", need: 1, want: 1 })).toThrow(RangeError);
    expect(() => b.lease({ limit: 10, windowSeconds: 60, holder: "a", need: 2, want: 1 })).toThrow(RangeError);
  });

  it("keeps the count of an object written before leases (one row without the window length) while its window runs", async () => {
    const stub = limiterOf(`test:${crypto.randomUUID()}`);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DROP TABLE IF EXISTS usage");
      state.storage.sql.exec(
        "CREATE TABLE usage (id INTEGER PRIMARY KEY CHECK (id = 1), window_start INTEGER NOT NULL, count INTEGER NOT NULL)",
      );
      const windowStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
      state.storage.sql.exec("INSERT INTO usage (id, window_start, count) VALUES (1, ?, 7)", windowStart);
      const b = new WindowBudget(new SqlBudgetStore(state.storage.sql), () => windowStart + 1000);
      expect(b.consume(10, 3600)).toMatchObject({ allowed: true, remaining: 2 });
      const columns = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM pragma_table_info('usage')")
        .toArray()
        .map((c) => c.name);
      expect(columns).toEqual(["window_ms", "window_start", "granted"]);
    });
  });
});

describe("RateLimit-Remaining under leases", () => {
  it("counts what this isolate holds plus what nobody holds: one client sees the limit minus what it was admitted", async () => {
    const site = await createSite();
    const token = await createToken(site.id, { kind: "secret", rate_limit: { limit: 10, window_seconds: 3600 } });
    const headers = { authorization: `Bearer ${token.token}` };
    const remaining: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call(`/v1/${site.id}/revenue`, { headers });
      remaining.push(`${res.status}:${res.headers.get("ratelimit-remaining")}`);
    }
    expect(remaining).toEqual(["200:9", "200:8", "200:7", "200:6", "200:5", "200:4", "200:3", "200:2", "200:1", "200:0", "429:0", "429:0"]);
  });
});
