// npm run bench:ratelimit — the lease protocol in a deterministic simulation (see README § Performance).
import { scenarios } from "./scenarios";
import { type Result, simulate } from "./simulation";

const pct = (n: number, of: number) => (of === 0 ? "0" : ((100 * n) / of).toFixed(n === 0 ? 0 : 3));

function print(r: Result): void {
  const lines = [
    `requests ${r.requests.toLocaleString("en")}, admitted ${r.admitted.toLocaleString("en")}, refused ${r.refused.toLocaleString("en")}${r.unavailable ? `, unavailable ${r.unavailable}` : ""}`,
    `over-admission: ${r.overAdmitted}; admitted from a held slot outside its window: ${r.outsideWindow}${r.admittedOnLateAnswer ? `; admitted on an answer that arrived after its window (slot counted inside it): ${r.admittedOnLateAnswer}` : ""}`,
    `refused within the budget: ${r.refusedWithinBudget} (${pct(r.refusedWithinBudget, r.requests)} % of requests); refused before the window's last slot was used: ${r.refusedBeforeBudgetSpent} (${pct(r.refusedBeforeBudgetSpent, r.requests)} %)`,
    `object requests per admitted request: ${(r.objectCalls / Math.max(1, r.admitted)).toFixed(4)} (${r.objectCalls.toLocaleString("en")} calls, ${r.giveBackOnlyCalls} only giving back; peak ${r.peakObjectCallsPerSecond}/s on one object, longest queue ${r.maxObjectQueueMs.toFixed(0)} ms)`,
    `admitted without waiting for the object: ${pct(r.admitted - r.waited, r.admitted)} %; wait p50 ${r.waitP50Ms} ms, p99 ${r.waitP99Ms} ms`,
  ];
  if (r.limitAfterChange !== undefined) {
    lines.push(
      `last admission under the old limit: ${(r.lastOldLimitAdmissionMs! / 1000).toFixed(2)} s after the change; windows from change + 10 s over the new limit: ${r.windowsOverNewLimitAfter10s}`,
    );
  }
  console.log(`\n${r.name}\n  ${lines.join("\n  ")}`);
}

const only = process.argv[2];
let failed = false;
const started = performance.now();
for (const s of scenarios) {
  if (only && !s.name.includes(only)) continue;
  const t0 = performance.now();
  const r = await simulate(s);
  print(r);
  if (process.env.SIM_TIMING) console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  if (r.overAdmitted > 0 || r.outsideWindow > 0 || (r.windowsOverNewLimitAfter10s ?? 0) > 0) failed = true;
}
console.log(`\n(simulated in ${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
if (failed) {
  console.error("OVER-ADMISSION: the protocol admitted more than the limit");
  process.exitCode = 1;
}
