// npm run bench:csv — CSV revenue batch jobs (contract §5), in one run:
//
// (a) validation throughput inside workerd for the 100k-row file, against papaparse alone
//     parsing the same bytes in the same runtime (bench/csv/validate-worker.ts, started through
//     wrangler's API with no bindings);
// (b) end to end under `wrangler dev` (own port and state): upload → `complete` for the 100k and
//     500k-row files, ledger rows written per second, peak memory of the workerd processes,
//     dead letters; and as the physical baseline, the same rows inserted into a plain SQLite file
//     (same ledger table and indexes) by Node's built-in `node:sqlite` in one transaction.
//
// Files come from bench/generate-revenue-csv.mjs (deterministic; generated when missing).
// Environment: BENCH_CSV_SIZES=100k,500k (part b), BENCH_CSV_REPS=5 (part a).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import Papa from "papaparse";
import { unstable_startWorker } from "wrangler";
import { writeRevenueCsv } from "./generate-revenue-csv.mjs";
import { round } from "./lib/stats.mjs";
import { benchPort, machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const here = import.meta.dirname;
const FILES = { "10k": 10_000, "100k": 100_000, "500k": 500_000 };
const SIZES = (process.env.BENCH_CSV_SIZES ?? "100k,500k").split(",");
const REPS = Number(process.env.BENCH_CSV_REPS ?? 5);
const fileOf = (name) => resolve(here, "data", `revenue-${name}.csv`);

for (const [name, rows] of Object.entries(FILES)) {
  if (!existsSync(fileOf(name))) {
    console.log(`generating ${fileOf(name)}`);
    writeRevenueCsv(fileOf(name), rows);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { machine: machine(), when: new Date().toISOString() };

// ---------------------------------------------------------------- (a) inside workerd
async function partA() {
  const bytes = readFileSync(fileOf("100k"));
  const worker = await unstable_startWorker({
    config: resolve(here, "csv/wrangler.toml"),
    dev: { server: { hostname: "127.0.0.1", port: benchPort(0, 2) }, inspector: false, watch: false, logLevel: "warn" },
  });
  try {
    await worker.ready;
    const run = async (mode) => {
      const res = await worker.fetch(`http://bench/?mode=${mode}&reps=${REPS}`, { method: "POST", body: bytes });
      if (!res.ok) throw new Error(`${mode}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    // Interleaved, so both see the same machine load; the first rep of each is JIT warm-up.
    const parse = [];
    const validate = [];
    for (let round_ = 0; round_ < 2; round_++) {
      parse.push(...(await run("parse")).times.slice(1));
      validate.push(...(await run("validate")).times.slice(1));
    }
    const rows = 100_000;
    const mb = bytes.length / 1e6;
    const figure = (times) => {
      const ms = median(times);
      return {
        medianMs: round(ms, 0),
        bestMs: round(Math.min(...times), 0),
        rowsPerSecond: round(rows / (ms / 1000), 0),
        mbPerSecond: round(mb / (ms / 1000), 1),
      };
    };
    results.workerd = { file: "revenue-100k.csv", bytes: bytes.length, rows, parseOnly: figure(parse), validation: figure(validate) };
    results.workerd.validationShareOfParse = round((100 * median(parse)) / median(validate), 0);
  } finally {
    await worker.dispose();
  }
}

// ---------------------------------------------------------------- (b) end to end
/** RSS (KiB) of the workerd processes among `pid`'s descendants (the runtime serving the Worker). */
function workerdRss(pid) {
  try {
    const out = execFileSync("ps", ["-e", "-o", "pid=,ppid=,rss=,comm="], { encoding: "utf8" });
    const procs = out
      .trim()
      .split("\n")
      .map((l) => {
        const [p, pp, rss, ...comm] = l.trim().split(/\s+/);
        return { pid: Number(p), ppid: Number(pp), rss: Number(rss), comm: comm.join(" ") };
      });
    const tree = new Set([pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of procs) if (tree.has(p.ppid) && !tree.has(p.pid)) tree.add(p.pid), (grew = true);
    }
    return procs.filter((p) => tree.has(p.pid) && p.comm.includes("workerd")).reduce((s, p) => s + p.rss, 0);
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds (user + system) used so far by the workerd processes among `pid`'s descendants. The
 * local runtime runs the Worker, D1, R2 and the queue broker on one thread, so on an idle machine
 * this is about the wall time of the processing; on a shared one it is the figure that does not
 * depend on what else runs.
 */
function workerdCpuSeconds(pid) {
  try {
    const out = execFileSync("ps", ["-e", "-o", "pid=,ppid=,comm="], { encoding: "utf8" });
    const procs = out
      .trim()
      .split("\n")
      .map((l) => {
        const [p, pp, ...comm] = l.trim().split(/\s+/);
        return { pid: Number(p), ppid: Number(pp), comm: comm.join(" ") };
      });
    const tree = new Set([pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of procs) if (tree.has(p.ppid) && !tree.has(p.pid)) tree.add(p.pid), (grew = true);
    }
    let ticks = 0;
    for (const p of procs) {
      if (!tree.has(p.pid) || !p.comm.includes("workerd")) continue;
      const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
    return ticks / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

async function endToEnd(server, name) {
  const { siteId, token } = await server.tenant();
  const path = fileOf(name);
  const form = new FormData();
  form.append("file", await openAsBlob(path), `revenue-${name}.csv`);
  const idleRss = workerdRss(server.pid);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, workerdRss(server.pid))), 200);
  const t0 = performance.now();
  const res = await fetch(`${server.base}/v1/${siteId}/revenue/upload/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json();
  const accepted = performance.now();
  const cpuAtAccepted = workerdCpuSeconds(server.pid);
  if (res.status !== 202) throw new Error(`upload ${name}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  let status;
  let _polls = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    _polls++;
    status = await (
      await fetch(`${server.base}/v1/${siteId}/batch/${body.jobId}/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    if (["complete", "partialcomplete", "failed"].includes(status.status)) break;
    if (performance.now() - t0 > 30 * 60_000) throw new Error(`${name}: not finished after 30 min (${JSON.stringify(status)})`);
  }
  const done = performance.now();
  const processingCpuS = workerdCpuSeconds(server.pid) - cpuAtAccepted;
  clearInterval(sampler);
  const db = server.d1();
  const ledgerRows = db.prepare("SELECT count(*) AS n FROM ledger WHERE job_id = ?").get(body.jobId).n;
  const deadLetters = db.prepare("SELECT count(*) AS n FROM dead_letters").get().n;
  db.close();
  const processingS = (done - accepted) / 1000;
  return {
    file: `revenue-${name}.csv`,
    bytes: statSync(path).size,
    status: status.status,
    totalRows: status.totalRows,
    successCount: status.successCount,
    failureCount: status.failureCount,
    ledgerRows,
    deadLetters,
    uploadToAcceptedS: round((accepted - t0) / 1000, 1),
    uploadToCompleteS: round((done - t0) / 1000, 1),
    ledgerRowsPerSecond: round(ledgerRows / processingS, 0),
    processingS: round(processingS, 1),
    processingCpuS: round(processingCpuS, 1),
    workerdRssIdleMiB: round(idleRss / 1024, 0),
    workerdRssPeakMiB: round(peakRss / 1024, 0),
  };
}

/** The same rows, the same ledger table and indexes, in a plain SQLite file: one transaction. */
function sqliteBaseline(name) {
  const dir = resolve(here, "results");
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, "csv-baseline.sqlite");
  rmSync(file, { force: true });
  const db = new DatabaseSync(file);
  const ledgerDdl = readFileSync(resolve(here, "../migrations/0000_foundation.sql"), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => /^(CREATE TABLE `ledger`|CREATE (UNIQUE )?INDEX `ledger_)/.test(s))
    .map((s) => s.replace(/,\s*FOREIGN KEY[^\n]*\n/, "\n"));
  for (const statement of ledgerDdl) db.exec(statement);
  const { data } = Papa.parse(readFileSync(fileOf(name), "utf8"), { skipEmptyLines: true });
  const header = data.shift();
  const at = (n) => header.indexOf(n);
  const exponents = { USD: 2, GBP: 2, EUR: 2, JPY: 0, BHD: 3 };
  const minor = (value, currency) => {
    const [i, f = ""] = value.split(".");
    return Number(i + f.padEnd(exponents[currency], "0"));
  };
  const insert = db.prepare(
    "INSERT INTO ledger (id, site_id, source, dedupe_key, external_id, amount_minor, currency, occurred_at, labels, metadata, job_id) VALUES (?, ?, 'batch', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  db.exec("BEGIN");
  for (const r of data) {
    const date = r[at("RevenueClosedDate")];
    const instant = new Date(date.length === 10 ? `${date}T00:00:00Z` : `${date.slice(0, 23)}Z`).toISOString();
    insert.run(
      `bat_${crypto.randomUUID().replaceAll("-", "")}`,
      "site_bench",
      `ref:${r[at("Reference")]}|${instant}`,
      r[at("Reference")],
      minor(r[at("Value")], r[at("CurrencyCode")]),
      r[at("CurrencyCode")],
      instant,
      JSON.stringify(header.map((h, i) => (h === "Label" ? r[i] : null)).filter((l) => l)),
      JSON.stringify({
        revenue_closed_date: instant,
        lead_date: r[at("LeadDate")] || null,
        visitor_identifiers: { EmailAddress: r[at("EmailAddress")] },
        additional_data: r[at("AdditionalDataProperties")],
      }),
      "job_bench",
    );
  }
  db.exec("COMMIT");
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    file: `revenue-${name}.csv`,
    rows: data.length,
    seconds: round(seconds, 2),
    cpuSeconds: round(cpuSeconds, 2),
    rowsPerSecond: round(data.length / seconds, 0),
  };
}

async function partB() {
  // With BENCH_PORT_BASE the inspector is pinned inside the same range (base + 5).
  const inspectorPort = process.env.BENCH_PORT_BASE ? benchPort(0, 5) : undefined;
  const server = await startWranglerDev({ port: benchPort(8797), name: "bench-csv", inspectorPort });
  results.endToEnd = [];
  try {
    for (const name of SIZES) {
      console.log(`end to end: ${name} …`);
      results.endToEnd.push(await endToEnd(server, name));
    }
  } finally {
    await server.stop();
  }
  results.sqlite = SIZES.map(sqliteBaseline);
  for (const e of results.endToEnd) {
    const base = results.sqlite.find((s) => s.file === e.file);
    e.shareOfSqliteRate = base ? `${round((100 * e.ledgerRowsPerSecond) / base.rowsPerSecond, 1)}%` : null;
    // The same ratio in CPU time (rows per CPU second), which a loaded machine does not skew.
    e.shareOfSqliteCpu = base ? `${round((100 * base.cpuSeconds) / e.processingCpuS, 1)}%` : null;
  }
}

if (process.env.BENCH_CSV_SKIP_WORKERD !== "1") {
  await partA();
  console.log(JSON.stringify(results.workerd, null, 2));
}
if (process.env.BENCH_CSV_SKIP_E2E !== "1") await partB();

console.log(`\nmachine: ${results.machine}`);
if (results.workerd) {
  const w = results.workerd;
  console.log(`(a) in workerd, ${w.file} (${round(w.bytes / 1e6, 1)} MB, ${w.rows} rows), median of ${2 * (REPS - 1)}:`);
  console.log(`    papaparse alone : ${w.parseOnly.medianMs} ms  ${w.parseOnly.rowsPerSecond} rows/s  ${w.parseOnly.mbPerSecond} MB/s`);
  console.log(
    `    full validation : ${w.validation.medianMs} ms  ${w.validation.rowsPerSecond} rows/s  ${w.validation.mbPerSecond} MB/s  (${w.validationShareOfParse}% of parse-only speed; target ≥ 60%)`,
  );
}
for (const e of results.endToEnd ?? []) {
  console.log(
    `(b) ${e.file}: ${e.status} ${e.successCount}/${e.totalRows} rows, accepted after ${e.uploadToAcceptedS} s, complete after ${e.uploadToCompleteS} s, ` +
      `${e.ledgerRowsPerSecond} ledger rows/s (${e.shareOfSqliteRate} of node:sqlite), processing ${e.processingS} s wall / ${e.processingCpuS} s workerd CPU (${e.shareOfSqliteCpu} of node:sqlite in CPU time), workerd RSS ${e.workerdRssIdleMiB} → peak ${e.workerdRssPeakMiB} MiB, dead letters ${e.deadLetters}`,
  );
}
for (const s of results.sqlite ?? [])
  console.log(
    `    node:sqlite baseline ${s.file}: ${s.rows} rows in ${s.seconds} s = ${s.rowsPerSecond} rows/s (one transaction; ${s.cpuSeconds} s CPU)`,
  );
mkdirSync(resolve(here, "results"), { recursive: true });
writeFileSync(resolve(here, "results", "csv.json"), JSON.stringify(results, null, 2));
