// One rate-limit Durable Object in the simulation: the real WindowBudget (the object's logic)
// on an in-memory store, behind a network with latency and a single thread that serves one
// request at a time in `serviceMs` (1 ms ≈ the ~1,000 requests/s one object serves).
import type { BudgetStore, WindowUsage } from "../../src/ratelimit/budget-store";
import type { LeaseAnswer, LeaseRequest } from "../../src/ratelimit/protocol";
import { WindowBudget } from "../../src/ratelimit/window-budget";
import type { VirtualTime } from "./virtual-time";

class MemoryBudgetStore implements BudgetStore {
  private rows = new Map<number, WindowUsage>();
  load(): WindowUsage[] {
    return [...this.rows.values()];
  }
  save(usage: WindowUsage): void {
    this.rows.set(usage.windowMs, { ...usage });
  }
}

export type Network = { oneWayMs: () => number };

export class SimulatedObject {
  readonly budget: WindowBudget;
  calls = 0;
  giveBackOnly = 0;
  /** Calls started per second of virtual time. */
  readonly callsPerSecond = new Map<number, number>();
  maxQueueWaitMs = 0;
  private busyUntil = 0;

  constructor(
    private readonly time: VirtualTime,
    private readonly network: Network,
    private readonly serviceMs: number,
  ) {
    this.budget = new WindowBudget(new MemoryBudgetStore(), () => time.now);
  }

  /** The RPC: arrives after one network leg, waits for the object's thread, answers after another. */
  lease = (request: LeaseRequest): Promise<LeaseAnswer> =>
    new Promise((resolve) => {
      this.calls += 1;
      if (request.want === 0) this.giveBackOnly += 1;
      this.time.at(this.time.now + this.network.oneWayMs(), () => {
        const start = Math.max(this.time.now, this.busyUntil);
        const done = start + this.serviceMs;
        this.maxQueueWaitMs = Math.max(this.maxQueueWaitMs, start - this.time.now);
        this.busyUntil = done;
        const second = Math.floor(start / 1000);
        this.callsPerSecond.set(second, (this.callsPerSecond.get(second) ?? 0) + 1);
        this.time.at(start, () => {
          const answer = this.budget.lease(request);
          this.time.at(done + this.network.oneWayMs(), () => resolve(answer), true);
        });
      });
    });
}
