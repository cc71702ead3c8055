// npm run bench:csv-crafted — what hostile CSV uploads cost to refuse (issue 9, security),
// against normal files, measured inside workerd where uploads are validated:
//
//   commas    45 rows of 1,000,000 commas each (45 MB): rows far wider than the 12-column header
//   bigcells  45 otherwise valid rows, each with a 1,000,000-character Label cell (45 MB)
//   100k      bench/data/revenue-100k.csv (10.2 MB, 100,000 valid rows)
//   500k      bench/data/revenue-500k.csv (51 MB, 500,000 valid rows)
//
// Each file is validated BENCH_CRAFTED_REPS times (default 3) after one warm-up run, in 64 KiB
// slices as the upload route receives them. Two figures per file: the CPU time of one validation
// (the workerd process's user + system time over the measured request, from /proc, divided by
// the reps: unlike wall time it does not grow when other work shares the machine), and the median
// wall time of one validation inside workerd. Files are generated when missing.
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { unstable_startWorker } from "wrangler";
import { HEADER, writeRevenueCsv } from "./generate-revenue-csv.mjs";
import { round } from "./lib/stats.mjs";
import { machine } from "./lib/wrangler-dev.mjs";

const here = import.meta.dirname;
const data = resolve(here, "data");
mkdirSync(data, { recursive: true });
const REPS = Number(process.env.BENCH_CRAFTED_REPS ?? 3);
const ONLY = process.env.BENCH_CRAFTED_FILES?.split(",");

function writeRows(path, rows) {
  const fd = openSync(path, "w");
  writeSync(fd, `${HEADER.join(",")}\r\n`);
  for (const row of rows()) writeSync(fd, row);
  closeSync(fd);
}

const files = {
  commas: () =>
    writeRows(resolve(data, "crafted-commas.csv"), function* () {
      const row = `${",".repeat(1_000_000)}\r\n`;
      for (let i = 0; i < 45; i++) yield row;
    }),
  bigcells: () =>
    writeRows(resolve(data, "crafted-bigcells.csv"), function* () {
      const cell = "x".repeat(1_000_000);
      for (let i = 0; i < 45; i++) yield `2024-01-31,USD,10.00,,buyer${i}@example.com,,,,${cell},Inbound,BIG-${i},\r\n`;
    }),
  "100k": () => writeRevenueCsv(resolve(data, "revenue-100k.csv"), 100_000),
  "500k": () => writeRevenueCsv(resolve(data, "revenue-500k.csv"), 500_000),
};
const pathOf = (name) => resolve(data, name === "commas" || name === "bigcells" ? `crafted-${name}.csv` : `revenue-${name}.csv`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU seconds (user + system) used so far by the workerd processes this script started. */
function workerdCpuSeconds() {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid=,comm="], { encoding: "utf8" });
  const procs = out
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (tree.has(p.ppid) && !tree.has(p.pid)) tree.add(p.pid), (grew = true);
  }
  let ticks = 0;
  for (const p of procs) {
    if (!tree.has(p.pid) || !p.comm.includes("workerd")) continue;
    const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  }
  return ticks / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
}
const results = { machine: machine(), when: new Date().toISOString(), reps: REPS, files: {} };

const worker = await unstable_startWorker({
  config: resolve(here, "csv/crafted.wrangler.toml"),
  dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, logLevel: "warn" },
});
try {
  await worker.ready;
  for (const name of ONLY ?? Object.keys(files)) {
    if (!existsSync(pathOf(name))) {
      console.log(`generating ${pathOf(name)}`);
      files[name]();
    }
    const bytes = readFileSync(pathOf(name));
    const send = async (reps) => {
      const res = await worker.fetch(`http://bench/?reps=${reps}`, { method: "POST", body: bytes });
      if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    await send(1); // warm-up (JIT), and the body copy's first cost
    // The CPU of receiving the body is measured alone and taken off.
    const cpu0 = workerdCpuSeconds();
    await send(0);
    const cpu1 = workerdCpuSeconds();
    const out = await send(REPS);
    const cpu2 = workerdCpuSeconds();
    const cpuMs = (1000 * (cpu2 - cpu1 - (cpu1 - cpu0))) / REPS;
    const times = out.times;
    results.files[name] = {
      bytes: bytes.length,
      cpuMsPerValidation: round(Math.max(0, cpuMs), 0),
      medianWallMs: round(median(times), 0),
      bestWallMs: round(Math.min(...times), 0),
      verdict: out.verdict,
    };
    const f = results.files[name];
    console.log(
      `${name.padEnd(8)} ${round(bytes.length / 1e6, 1)} MB: CPU ${f.cpuMsPerValidation} ms, wall median ${f.medianWallMs} ms (best ${f.bestWallMs}); ${JSON.stringify(out.verdict).slice(0, 240)}`,
    );
  }
} finally {
  await worker.dispose();
}
console.log(`machine: ${results.machine}`);
mkdirSync(resolve(here, "results"), { recursive: true });
writeFileSync(resolve(here, "results", "csv-crafted.json"), JSON.stringify(results, null, 2));
