// npm run bench:ingest — POST /api/ingest against `wrangler dev` on this machine, with
// GET /healthz as the baseline in the same run, then the drain time of 10,000 events.
import autocannon from "autocannon";
import { round } from "./lib/stats.mjs";
import { benchPort, machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const DRAIN_EVENTS = 10_000;

let seq = 0;
const event = (_token) =>
  JSON.stringify({
    type: "revenue",
    data: {
      visitor_fingerprint: "fp_bench",
      session_id: "sess_bench",
      customer_id: `cus_${seq % 1000}`,
      amount: 49.99,
      currency: "USD",
      transaction_id: `tx_${process.pid}_${++seq}`,
      event_type: "purchase",
    },
  });

function run(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

function ingestRequests(base, token, extra = {}) {
  return {
    url: base,
    connections: CONNECTIONS,
    ...extra,
    requests: [
      {
        method: "POST",
        path: "/api/ingest",
        headers: { "content-type": "application/json", "x-api-token": token },
        setupRequest: (req) => ({ ...req, body: event(token) }),
      },
    ],
  };
}

const summary = (name, r) => ({
  name,
  requestsPerSecond: round(r.requests.average, 0),
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  accepted: r["2xx"],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  total: r.requests.total,
});

const server = await startWranglerDev({ port: benchPort(8799), name: "bench-ingest" });
try {
  const { siteId, token } = await server.tenant();
  const db = server.d1();
  const count = (site) => db.prepare("SELECT count(*) AS n FROM ledger WHERE site_id = ?").get(site).n;

  // Warm up the isolate, the token cache and the rate limiter object.
  await run({ ...ingestRequests(server.base, token), duration: 2 });
  await run({ url: `${server.base}/healthz`, connections: CONNECTIONS, duration: 2 });

  const health = summary("GET /healthz", await run({ url: `${server.base}/healthz`, connections: CONNECTIONS, duration: DURATION_S }));
  const ingest = summary("POST /api/ingest", await run({ ...ingestRequests(server.base, token), duration: DURATION_S }));
  // One connection: latency without queueing behind other requests (what a single client sees).
  const healthOne = summary("GET /healthz, 1 connection", await run({ url: `${server.base}/healthz`, connections: 1, duration: 5 }));
  const ingestOne = summary(
    "POST /api/ingest, 1 connection",
    await run({ ...ingestRequests(server.base, token), connections: 1, duration: 5 }),
  );

  // Let the throughput run's backlog drain before timing the drain of a fresh 10,000.
  const accepted = ingest.total - ingest.non2xx;
  const settleStart = Date.now();
  while (count(siteId) < accepted && Date.now() - settleStart < 120_000) await new Promise((r) => setTimeout(r, 200));

  const drainTenant = await server.tenant();
  const sendStart = performance.now();
  const burst = await run({ ...ingestRequests(server.base, drainTenant.token), amount: DRAIN_EVENTS });
  const lastAccepted = performance.now();
  let drained = count(drainTenant.siteId);
  // Every 202 must reach the ledger; requests that timed out or failed were not accepted.
  const acceptedInBurst = burst["2xx"];
  while (drained < acceptedInBurst && performance.now() - lastAccepted < 120_000) {
    await new Promise((r) => setTimeout(r, 50));
    drained = count(drainTenant.siteId);
  }
  const drainDone = performance.now();

  const result = {
    machine: machine(),
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    healthz: health,
    ingest,
    ratio: round(ingest.requestsPerSecond / health.requestsPerSecond, 2),
    singleConnection: { healthz: healthOne, ingest: ingestOne },
    drain: {
      events: DRAIN_EVENTS,
      accepted: acceptedInBurst,
      refused: burst.non2xx,
      failedOrTimedOut: burst.errors,
      sendSeconds: round((lastAccepted - sendStart) / 1000, 2),
      inLedger: drained,
      secondsAfterLast202: round((drainDone - lastAccepted) / 1000, 2),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\ningest ${ingest.requestsPerSecond} req/s (p50 ${ingest.p50ms} ms, p99 ${ingest.p99ms} ms) vs healthz ${health.requestsPerSecond} req/s ` +
      `(p50 ${health.p50ms} ms, p99 ${health.p99ms} ms): ratio ${result.ratio}; ` +
      `one connection: ingest p50 ${ingestOne.p50ms} ms / p99 ${ingestOne.p99ms} ms, healthz p50 ${healthOne.p50ms} ms / p99 ${healthOne.p99ms} ms; ` +
      `${drained}/${acceptedInBurst} accepted events in the ledger ${result.drain.secondsAfterLast202} s after the last 202`,
  );
} finally {
  await server.stop();
}
