// npm run bench:accounts — a 1,000-record account file (records over 1–36 months) uploaded as
// CSV, XLSX and XML to POST /v4.1/company/revenue_file_automate.json under `wrangler dev`,
// one request at a time; the baseline is the same request to a worker that only does the
// parse step (multipart, readAccountFile, schedule expansion) in the same runtime.
// Prints p50/p99 per format and the ratio upload / parse.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { root, wranglerBin } from "../scripts/local-env.mjs";
import { benchRecords, toCsv, toXlsx, toXml } from "./accounts/files.mjs";
import { percentile, round } from "./lib/stats.mjs";
import { benchPort, inspectorArgs, machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 5;

const records = benchRecords(1000);
const filesOf = (recs) => ({
  csv: { name: "accounts.csv", bytes: new TextEncoder().encode(toCsv(recs)) },
  xlsx: { name: "accounts.xlsx", bytes: toXlsx(recs) },
  xml: { name: "accounts.xml", bytes: new TextEncoder().encode(toXml(recs)) },
});
const files = filesOf(records);
// The same records with every amount one higher: uploading it and the original in turn makes
// every upload replace all 1,000 schedules and their 14,622 months (the heaviest path).
const correctedFiles = filesOf(records.map((r) => ({ ...r, amount: String(Number(r.amount) + 1) })));

async function startParseWorker(port) {
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      "dev",
      "--config",
      resolve(root, "bench/accounts/parse-worker.wrangler.toml"),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--log-level",
      "warn",
      ...inspectorArgs(port),
    ],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", "ignore", "inherit"] },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(base);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("parse worker did not start within 60 s");
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    base,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

async function timeUploads(url, headers, ...alternating) {
  const times = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const file = alternating[i % alternating.length];
    const form = new FormData();
    form.append("file", new Blob([file.bytes]), file.name);
    const t0 = performance.now();
    const res = await fetch(url, { method: "POST", headers, body: form });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${url} ${file.name}: ${res.status} ${body.slice(0, 300)}`);
    if (i >= WARMUP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const months = records.reduce((n, r) => {
  const [sy, sm] = r.start.split("-").map(Number);
  const [ey, em] = r.end.split("-").map(Number);
  return n + (r.type === "One Time" ? 1 : ey * 12 + em - (sy * 12 + sm) + 1);
}, 0);

console.log(`machine: ${machine()}`);
console.log(
  `file: 1,000 records, ${months} schedule months; sizes: ${Object.entries(files)
    .map(([k, f]) => `${k} ${f.bytes.length} B`)
    .join(", ")}`,
);
console.log(`runs: ${RUNS} per format after ${WARMUP} warm-up, sequential (one connection)\n`);

const server = await startWranglerDev({ port: benchPort(8798), name: "bench-accounts" });
const parser = await startParseWorker(benchPort(8797, 1));
const rows = [];
try {
  for (const [format, file] of Object.entries(files)) {
    // A fresh site per format and scenario. "same file": every upload after the first is the
    // same file again, which the upload recognises schedule by schedule (nothing to rewrite).
    // "corrected": the file and its corrected version in turn, so every upload replaces every
    // schedule: delete and insert 14,622 ledger rows.
    const url = `${server.base}/v4.1/company/revenue_file_automate.json`;
    const tenant = await server.tenant();
    const upload = await timeUploads(url, { authorization: `api_key ${tenant.token}` }, file);
    const other = await server.tenant();
    const replace = await timeUploads(url, { authorization: `api_key ${other.token}` }, file, correctedFiles[format]);
    const parse = await timeUploads(parser.base, {}, file);
    rows.push({ format, upload, replace, parse });
  }
} finally {
  await parser.stop();
  await server.stop();
}

console.log("format  upload p50  upload p99  corrected p50  corrected p99  parse p50  parse p99  ratio p50  ratio p99");
for (const { format, upload, replace, parse } of rows) {
  console.log(
    [
      format.padEnd(6),
      `${round(upload.p50)} ms`.padStart(10),
      `${round(upload.p99)} ms`.padStart(10),
      `${round(replace.p50)} ms`.padStart(13),
      `${round(replace.p99)} ms`.padStart(13),
      `${round(parse.p50)} ms`.padStart(9),
      `${round(parse.p99)} ms`.padStart(9),
      `${round(upload.p50 / parse.p50)}x`.padStart(9),
      `${round(upload.p99 / parse.p99)}x`.padStart(9),
    ].join("  "),
  );
}
