#!/usr/bin/env node
// `npm run bench:crash-recovery`: the crash of issue 9, replayed under `wrangler dev`.
//
// A 200,000-row CSV batch job (200 chunks) is uploaded; once about 50 chunks are written,
// wrangler and its workerd are killed with SIGKILL (the local queue broker keeps its messages
// in memory, so the other ~150 chunk messages are lost), then `wrangler dev` is started again
// on the same local state. Nobody calls the API until the job has finished: progress is read
// from the local D1 file, so only the job watchdog's alarm can bring the job back. Printed:
// the time from the restart to the first new progress and to `complete`, and whether the
// counters and the ledger are exact (one row per data row).
//
//   npm run bench:crash-recovery -- [--rows 200000] [--kill-at 50000] [--port 8860] [--inspector-port 8861]
import { openAsBlob, statSync } from "node:fs";
import { resolve } from "node:path";
import { writeRevenueCsv } from "./generate-revenue-csv.mjs";
import { round } from "./lib/stats.mjs";
import { machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg("rows", 200_000);
const KILL_AT = arg("kill-at", 50_000);
const PORT = arg("port", 8860);
const INSPECTOR = arg("inspector-port", 8861);
const DEADLINE_MS = 10 * 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const file = resolve(import.meta.dirname, `data/crash-${ROWS}.csv`);
writeRevenueCsv(file, ROWS, { seed: 9, prefix: "CRASH" });

const options = { port: PORT, inspectorPort: INSPECTOR, name: "crash-recovery", killable: true };
let server = await startWranglerDev({ ...options, fresh: true });
const { siteId, token } = await server.tenant();

const auth = { authorization: `Bearer ${token}` };
/** The job's status (this endpoint also arms the watchdog: used only before the crash, when it is armed anyway). */
const status = async (jobId) => (await fetch(`${server.base}/v1/${siteId}/batch/${jobId}/status`, { headers: auth })).json();
/** The job as the job list shows it (status and percentage; this endpoint does not touch the watchdog). */
async function listed(jobId) {
  const jobs = await (await fetch(`${server.base}/v1/${siteId}/batch/jobs?pageSize=10`, { headers: auth })).json();
  return jobs.find((j) => j.jobId === jobId);
}

const form = new FormData();
form.append("file", await openAsBlob(file), "crash.csv");
const res = await fetch(`${server.base}/v1/${siteId}/revenue/upload/batch`, {
  method: "POST",
  headers: { authorization: `Bearer ${token}` },
  body: form,
});
const { jobId } = await res.json();
if (res.status !== 202) throw new Error(`upload: ${res.status}`);

// Kill once about KILL_AT rows are written.
for (;;) {
  if ((await status(jobId)).processedRows >= KILL_AT) break;
  await sleep(100);
}
await server.kill();
const killedAt = new Date();
const read = server.d1();
const afterKill = read.prepare("SELECT processed_rows AS processed FROM batch_jobs WHERE id = ?").get(jobId);
read.close();

server = await startWranglerDev({ ...options, fresh: false, logSuffix: "-restart" });
const restartedAt = new Date();

// Until the job has finished, only the job list is read: only the watchdog's alarm can move the job.
let firstProgressS = null;
let last;
for (;;) {
  await sleep(250);
  last = await listed(jobId);
  const t = (Date.now() - restartedAt.getTime()) / 1000;
  if (firstProgressS === null && last.percentageProgress > Math.floor((afterKill.processed * 100) / ROWS)) firstProgressS = round(t, 1);
  if (["complete", "partialcomplete", "failed"].includes(last.status)) break;
  if (Date.now() - restartedAt.getTime() > DEADLINE_MS) break;
}
const finishedS = round((Date.now() - restartedAt.getTime()) / 1000, 1);

const final = await status(jobId);
const db = server.d1();
const job = db.prepare("SELECT recovery_attempts AS attempts, recovered_at AS recoveredAt FROM batch_jobs WHERE id = ?").get(jobId);
const ledger = db.prepare("SELECT count(*) AS rows, count(DISTINCT dedupe_key) AS records FROM ledger WHERE job_id = ?").get(jobId);
const failures = db.prepare("SELECT count(*) AS n FROM batch_failures WHERE job_id = ?").get(jobId).n;
const deadLetters = db.prepare("SELECT count(*) AS n FROM dead_letters").get().n;
db.close();
await server.stop();

const exact =
  final.status === "complete" &&
  final.processedRows === ROWS &&
  final.successCount === ROWS &&
  final.failureCount === 0 &&
  ledger.rows === ROWS &&
  ledger.records === ROWS &&
  failures === 0;
const result = {
  machine: machine(),
  rows: ROWS,
  fileBytes: statSync(file).size,
  killedAtRows: afterKill.processed,
  killedAt: killedAt.toISOString(),
  restartedAt: restartedAt.toISOString(),
  watchdogResentAt: job.recoveredAt,
  watchdogAttempts: job.attempts,
  restartToFirstProgressS: firstProgressS,
  restartToTerminalS: finishedS,
  status: final,
  ledgerRows: ledger.rows,
  distinctLedgerRecords: ledger.records,
  batchFailures: failures,
  deadLetters,
  exact,
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `crash at ${afterKill.processed}/${ROWS} rows → restart → watchdog re-sent at ${job.recoveredAt}, first progress after ${firstProgressS} s, ${final.status} after ${finishedS} s ` +
    `(target < 120 s); ledger ${ledger.rows} rows (${ledger.records} distinct), counters ${exact ? "exact" : "NOT exact"}`,
);
process.exit(exact && finishedS < 120 ? 0 : 1);
