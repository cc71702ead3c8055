// npm run bench:history — POST /v2/history/revenue against `wrangler dev` on this machine:
// 1,000-record imports (all valid, distinct contacts) and 1,000-record imports with 10% errors,
// against the baseline of the same 1,000 ledger rows written by a minimal route in the same
// Worker (auth, rate limit, JSON parse, one D1 batch() insert: no validation, look-ups or stats).
// The baseline route only exists in the bench Worker this script starts (bench/history/worker.ts:
// the production app plus bench/history/baseline.ts), never in the production bundle.
//
// One client, one request at a time (D1 has a single writer, so parallel imports queue on it),
// the scenarios interleaved round-robin so noise hits them alike. p50/p99 are nearest-rank over
// the timed iterations; records/s = 1,000 × iterations / total time of that scenario.

import { percentile, round } from "./lib/stats.mjs";
import { benchPort, machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const WARMUP = 3;
const RECORDS = 1000;
const T0 = Date.UTC(2025, 0, 1);

const server = await startWranglerDev({ port: benchPort(8797), name: "bench-history", script: "bench/history/worker.ts" });
try {
  const { siteId, token } = await server.tenant();
  const headers = { "content-type": "application/json", "x-api-key": token };
  const post = async (path, body) => {
    const started = performance.now();
    const res = await fetch(`${server.base}${path}`, { method: "POST", headers, body });
    const json = await res.json();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return { ms, json };
  };

  // 1,000 contacts, one offer, 1,000 messages (one per contact).
  const phone = (i) => `+1212555${String(i).padStart(4, "0")}`;
  await post("/v2/contacts/bulk", JSON.stringify({ contacts: Array.from({ length: RECORDS }, (_, i) => ({ phone_number: phone(i) })) }));
  await post("/v2/offers/bulk", JSON.stringify({ offers: [{ offer_id: "bench_offer", payout: 1 }] }));
  await post(
    "/v2/history/sends",
    JSON.stringify({
      sends: Array.from({ length: RECORDS }, (_, i) => ({ message_id: `msg_${i}`, phone_number: phone(i), offer_id: "bench_offer" })),
    }),
  );

  // Every request gets its own timestamp, so no record is ever a duplicate of an earlier one.
  let stamp = 0;
  const records = (withErrors) => {
    const timestamp = new Date(T0 + ++stamp * 1000).toISOString();
    return Array.from({ length: RECORDS }, (_, i) => {
      const r = {
        message_id: `msg_${i}`,
        offer_id: "bench_offer",
        revenue: (i % 100) + 0.99,
        payout: 0.5,
        attribution_type: "sale",
        timestamp,
      };
      if (withErrors && i % 20 === 3) return { ...r, message_id: `unknown_${i}` }; // message_not_found (look-up)
      if (withErrors && i % 20 === 13) return { ...r, revenue: -1 }; // invalid_revenue (validation)
      return r;
    });
  };

  const scenarios = [
    {
      name: "import, 1,000 valid",
      path: "/v2/history/revenue",
      errors: false,
      expect: (j) => j.success_count === RECORDS && j.error_count === 0,
    },
    {
      name: "import, 1,000 with 10% errors",
      path: "/v2/history/revenue",
      errors: true,
      expect: (j) => j.success_count === 900 && j.error_count === 100,
    },
    {
      name: "baseline: batch() insert, json_each",
      path: "/__bench/history-baseline",
      errors: false,
      expect: (j) => j.inserted === RECORDS,
    },
    {
      name: "baseline: batch() insert, multi-row VALUES",
      path: "/__bench/history-baseline?mode=values",
      errors: false,
      expect: (j) => j.inserted === RECORDS,
    },
  ];
  const timings = new Map(scenarios.map((s) => [s.name, []]));
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (const s of scenarios) {
      const { ms, json } = await post(s.path, JSON.stringify({ records: records(s.errors) }));
      if (!s.expect(json)) throw new Error(`${s.name}: unexpected response ${JSON.stringify(json).slice(0, 300)}`);
      if (i >= WARMUP) timings.get(s.name).push(ms);
    }
  }

  const summary = Object.fromEntries(
    scenarios.map((s) => {
      const t = timings.get(s.name);
      const sorted = [...t].sort((a, b) => a - b);
      const total = t.reduce((a, b) => a + b, 0);
      return [
        s.name,
        {
          p50ms: round(percentile(sorted, 50)),
          p99ms: round(percentile(sorted, 99)),
          recordsPerSecond: Math.round((RECORDS * t.length) / (total / 1000)),
        },
      ];
    }),
  );
  const valid = summary["import, 1,000 valid"];
  const mixed = summary["import, 1,000 with 10% errors"];
  const baseJson = summary["baseline: batch() insert, json_each"];
  const baseValues = summary["baseline: batch() insert, multi-row VALUES"];
  const baseline = baseJson.recordsPerSecond >= baseValues.recordsPerSecond ? baseJson : baseValues;

  // The ledger holds exactly what the imports said they stored.
  const db = server.d1();
  const stored = db.prepare("SELECT count(*) AS n FROM ledger WHERE site_id = ? AND dedupe_key LIKE 'hist:%'").get(siteId).n;
  const expected = (WARMUP + ITERATIONS) * (RECORDS + 900);
  if (stored !== expected) throw new Error(`ledger holds ${stored} history rows, expected ${expected}`);

  const result = {
    machine: machine(),
    iterations: ITERATIONS,
    recordsPerRequest: RECORDS,
    ...summary,
    ratioToFasterBaseline: {
      valid: round(valid.recordsPerSecond / baseline.recordsPerSecond, 2),
      withErrors: round(mixed.recordsPerSecond / baseline.recordsPerSecond, 2),
    },
    historyRowsInLedger: stored,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\nimport (valid) p50 ${valid.p50ms} ms, p99 ${valid.p99ms} ms, ${valid.recordsPerSecond} records/s; ` +
      `import (10% errors) p50 ${mixed.p50ms} ms, p99 ${mixed.p99ms} ms, ${mixed.recordsPerSecond} records/s; ` +
      `baseline json_each p50 ${baseJson.p50ms} ms, ${baseJson.recordsPerSecond} records/s; ` +
      `baseline VALUES p50 ${baseValues.p50ms} ms, ${baseValues.recordsPerSecond} records/s; ` +
      `ratio to the faster baseline ${result.ratioToFasterBaseline.valid} (valid), ${result.ratioToFasterBaseline.withErrors} (10% errors)`,
  );
} finally {
  await server.stop();
}
