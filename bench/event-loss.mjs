#!/usr/bin/env node
// `npm run bench:event-loss`: how many accepted events a hard kill of `wrangler dev` loses.
//
// Revenue events (unique transaction ids) are sent at a steady rate by a few connections; after
// a few seconds wrangler and its workerd are killed with SIGKILL, `wrangler dev` is started
// again on the same local state, and the events in the ledger are compared with the 202s that
// were answered. Locally the queue broker keeps messages in memory and the consumer waits up to
// `max_batch_timeout` to fill a batch, so what was accepted in that window is lost; Cloudflare
// Queues persist a message before `send()` resolves, so production does not lose them.
//
//   npm run bench:event-loss -- [--rate 50] [--seconds 15] [--port 8864] [--inspector-port 8865]
import { machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RATE = arg("rate", 50);
const SECONDS = arg("seconds", 15);
const options = { port: arg("port", 8864), inspectorPort: arg("inspector-port", 8865), name: "event-loss", killable: true };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server = await startWranglerDev({ ...options, fresh: true });
const { siteId, token } = await server.tenant();

const accepted = [];
let refused = 0;
const answers = {};
let sent = 0;
let stop = false;
const started = performance.now();
async function send(i) {
  const body = {
    type: "revenue",
    data: { visitor_fingerprint: "fp", session_id: "s", customer_id: "c", amount: 1, currency: "USD", transaction_id: `loss-${i}` },
  };
  try {
    const res = await fetch(`${server.base}/api/ingest`, {
      method: "POST",
      headers: { "x-api-token": token, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    answers[res.status] = (answers[res.status] ?? 0) + 1;
    if (res.status === 202) accepted.push({ i, at: performance.now() });
    else refused++;
  } catch (err) {
    answers[String(err.cause?.code ?? err.message)] = (answers[String(err.cause?.code ?? err.message)] ?? 0) + 1;
    refused++; // the kill cut the request: not answered, not counted as accepted
  }
}
// A steady rate: one request every 1000/RATE ms, whatever the answers take.
const inFlight = new Set();
const ticker = (async () => {
  while (!stop) {
    const p = send(sent++);
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
    const next = started + (sent * 1000) / RATE;
    await sleep(Math.max(0, next - performance.now()));
  }
})();

await sleep(SECONDS * 1000);
await server.kill();
const killedAt = performance.now();
stop = true;
await ticker;
await Promise.allSettled([...inFlight]);

server = await startWranglerDev({ ...options, fresh: false, logSuffix: "-restart" });
await sleep(3_000); // anything the restarted consumer still had would land by now
const db = server.d1();
const stored = new Set(
  db
    .prepare("SELECT external_id AS id FROM ledger WHERE site_id = ?")
    .all(siteId)
    .map((r) => r.id),
);
db.close();
await server.stop();

const lost = accepted.filter((a) => !stored.has(`loss-${a.i}`));
const lostAgesMs = lost.map((a) => Math.round(killedAt - a.at)).sort((a, b) => a - b);
const result = {
  machine: machine(),
  rate: RATE,
  secondsBeforeKill: SECONDS,
  sent,
  accepted: accepted.length,
  refusedOrCut: refused,
  answers,
  stored: stored.size,
  lost: lost.length,
  lostAcceptedWithinMsBeforeKill: lostAgesMs.length ? { youngest: lostAgesMs[0], oldest: lostAgesMs[lostAgesMs.length - 1] } : null,
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `${accepted.length} events answered 202, ${stored.size} in the ledger after the restart: ${lost.length} lost, ` +
    (lost.length ? `all accepted in the last ${lostAgesMs[lostAgesMs.length - 1]} ms before the kill` : "none"),
);
