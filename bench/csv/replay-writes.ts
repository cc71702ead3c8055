// Replays the batch consumer's D1 statements for bench/data/revenue-100k.csv on a COPY of a
// local D1 file (node:sqlite, WAL, synchronous off: SQL cost without disk syncs) and prints the
// time per statement kind and the CPU of reading the chunks vs writing them. How the README's
// "what bounds it" figures of bench:csv were measured (issue 13).
//   npx tsx bench/csv/replay-writes.ts <dir of a local D1, e.g. .wrangler/bench-csv-state> [chunks per transaction]
// NOTRIGGER=1 drops the ledger_metadata trigger in the copy first.
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { validateRevenueCsv } from "../../src/formats/revenue-csv/validate-file";
import { writeChunks } from "../../src/surfaces/batch/chunk-store";
import { createJob } from "../../src/surfaces/batch/job-store";
import { prepareChunk } from "../../src/surfaces/batch/process-chunk";

const dir = `${process.argv[2] ?? ".wrangler/bench-csv-state"}/v3/d1/miniflare-D1DatabaseObject`;
const f = readdirSync(dir).find((x) => x.endsWith(".sqlite") && x !== "metadata.sqlite")!;
const copy = `${process.env.TMPDIR ?? "/tmp"}/replay-writes.sqlite`;
copyFileSync(`${dir}/${f}`, copy);
const db = new DatabaseSync(copy);
db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF");
if (process.env.NOTRIGGER) db.exec("DROP TRIGGER ledger_metadata_after_insert");
const times = new Map<string, number>();
const key = (sql: string) => sql.trim().split("\n")[0]!.slice(0, 40);
const d1: any = {
  prepare: (sql: string) => ({ bind: (...args: unknown[]) => ({ sql, args }) }),
  batch: async (stmts: { sql: string; args: any[] }[]) => {
    db.exec("BEGIN");
    const out = stmts.map((s) => {
      const t = process.hrtime.bigint();
      const r = db.prepare(s.sql).run(...s.args);
      times.set(key(s.sql), (times.get(key(s.sql)) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6);
      return { meta: { changes: r.changes } };
    });
    const t = process.hrtime.bigint();
    db.exec("COMMIT");
    times.set("COMMIT", (times.get("COMMIT") ?? 0) + Number(process.hrtime.bigint() - t) / 1e6);
    return out;
  },
};
const bytes = readFileSync(`${import.meta.dirname}/../data/revenue-100k.csv`);
const stream = () => new Blob([bytes]).stream();
const o = await validateRevenueCsv(stream(), { maxBytes: 1e9, maxRows: 1e7, nowMs: Date.now() });
if (!o.ok) throw new Error("invalid");
// A new site (a copy of the first one), so that no row of the file is a duplicate.
db.exec("CREATE TEMP TABLE s AS SELECT * FROM sites LIMIT 1; UPDATE s SET id = 'site_replay'; INSERT INTO sites SELECT * FROM s");
const site = "site_replay";
const jobId = "job_cost" + Date.now();
await createJob(d1, {
  id: jobId,
  siteId: site,
  objectKey: "k",
  fileBytes: o.bytes,
  header: o.header.names,
  totalRows: o.totalRows,
  chunks: o.chunks,
});
const env: any = {
  UPLOADS: {
    get: async (_k: string, opt: any) => ({
      body: new Blob([bytes.subarray(opt.range.offset, opt.range.offset + opt.range.length)]).stream(),
    }),
  },
};
const group = Number(process.argv[3] ?? 1);
let prepMs = 0,
  writeMs = 0;
for (let i = 0; i < o.chunks.length; i += group) {
  const cs = o.chunks.slice(i, i + group);
  let t = process.cpuUsage();
  const prepared = await Promise.all(
    cs.map((c) =>
      prepareChunk(env, {
        v: 1,
        kind: "batch-chunk",
        jobId,
        siteId: site,
        objectKey: "k",
        header: o.header.names,
        chunkIndex: c.index,
        byteStart: c.byteStart,
        byteEnd: c.byteEnd,
        firstRow: c.firstRowNumber,
        firstLine: c.firstLine,
        rowCount: c.rowCount,
      }),
    ),
  );
  let u = process.cpuUsage(t);
  prepMs += (u.user + u.system) / 1000;
  t = process.cpuUsage();
  await writeChunks(d1, prepared);
  u = process.cpuUsage(t);
  writeMs += (u.user + u.system) / 1000;
}
console.log({ group, chunks: o.chunks.length, prepareCpuMs: Math.round(prepMs), writeCpuMs: Math.round(writeMs) });
for (const [k, v] of times) console.log(v.toFixed(0).padStart(7), k);
console.log(db.prepare("select status, processed_rows from batch_jobs where id = ?").get(jobId));
