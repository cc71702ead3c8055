// Jobs stored as the upload route stores them, with the queue played by the test: messages are
// delivered (or dropped) at will, and time is moved by back-dating the job's timestamps.
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { validateRevenueCsv } from "../../../src/formats/revenue-csv/validate-file";
import worker from "../../../src/index";
import { createJob } from "../../../src/surfaces/batch/job-store";
import { jobWatchdog } from "../../../src/surfaces/batch/job-watchdog";
import type { BatchChunkMessage } from "../../../src/surfaces/batch/messages";
import { streamOf, validCsv } from "../revenue-csv-fixtures";

/**
 * A committed job (rows `start`…, 100 rows per chunk) whose messages were never sent, and those
 * messages for the test to deliver; the watchdog armed unless `armWatchdog` is false.
 */
export async function jobWithoutMessages(siteId: string, rows: number, start = 1, { armWatchdog = true } = {}) {
  const text = validCsv(rows, start);
  const outcome = await validateRevenueCsv(streamOf(text), { maxBytes: 1e8, maxRows: 1e6, nowMs: Date.now(), rowsPerChunk: 100 });
  if (!outcome.ok) throw new Error("fixture is invalid");
  const jobId = `job_${crypto.randomUUID().replaceAll("-", "")}`;
  const objectKey = `batch/${siteId}/${jobId}.csv`;
  if (armWatchdog) await jobWatchdog(env).arm();
  await env.UPLOADS.put(objectKey, text);
  await createJob(env.DB, {
    id: jobId,
    siteId,
    objectKey,
    fileBytes: outcome.bytes,
    header: outcome.header.names,
    totalRows: outcome.totalRows,
    chunks: outcome.chunks,
  });
  const chunks: BatchChunkMessage[] = outcome.chunks.map((c) => ({
    v: 1,
    kind: "batch-chunk",
    jobId,
    siteId,
    objectKey,
    header: outcome.header.names,
    chunkIndex: c.index,
    byteStart: c.byteStart,
    byteEnd: c.byteEnd,
    firstRow: c.firstRowNumber,
    firstLine: c.firstLine,
    rowCount: c.rowCount,
  }));
  return { jobId, chunks };
}

/** Delivers `bodies` as one batch of `queue` to the Worker's queue handler, as delivery number `attempts`. */
export async function deliver(queue: string, bodies: unknown[], attempts = 1) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env, ctx);
  return getQueueResult(batch, ctx);
}

/** Moves the job's clock back by `seconds`: as if that much time had passed since its last progress. */
export async function backdate(jobId: string, seconds: number) {
  const shift = `'-${seconds} seconds'`;
  await env.DB.batch([
    env.DB.prepare(
      `UPDATE batch_jobs SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ${shift}),
         recovered_at = strftime('%Y-%m-%dT%H:%M:%fZ', recovered_at, ${shift}) WHERE id = ?1`,
    ).bind(jobId),
    env.DB.prepare(
      `UPDATE batch_chunks SET done_at = strftime('%Y-%m-%dT%H:%M:%fZ', done_at, ${shift}) WHERE job_id = ?1 AND done_at IS NOT NULL`,
    ).bind(jobId),
  ]);
}

/** Runs the watchdog's alarm now (it is armed whenever a live job exists). */
export async function runWatchdog(): Promise<boolean> {
  return runDurableObjectAlarm(jobWatchdog(env));
}

export async function watchdogColumns(jobId: string) {
  return env.DB.prepare("SELECT recovery_attempts AS attempts, recovered_at AS recoveredAt FROM batch_jobs WHERE id = ?1")
    .bind(jobId)
    .first<{ attempts: number; recoveredAt: string | null }>();
}

/** Ledger rows of the job, and how many distinct records they are. */
export async function ledgerOf(jobId: string) {
  return env.DB.prepare("SELECT count(*) AS rows, count(DISTINCT dedupe_key) AS distinctRecords FROM ledger WHERE job_id = ?1")
    .bind(jobId)
    .first<{ rows: number; distinctRecords: number }>();
}

/** Makes every write of the job's rows to the ledger fail, and every dead letter about it too (a real D1 fault, by trigger). */
export async function breakStorageFor(jobId: string) {
  await env.DB.batch([
    env.DB.prepare(
      `CREATE TRIGGER fail_ledger_${jobId} BEFORE INSERT ON ledger WHEN NEW.job_id = '${jobId}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
    ),
    env.DB.prepare(
      `CREATE TRIGGER fail_dead_letters_${jobId} BEFORE INSERT ON dead_letters WHEN NEW.body LIKE '%${jobId}%' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
    ),
  ]);
}

export async function repairStorageFor(jobId: string) {
  await env.DB.batch([env.DB.prepare(`DROP TRIGGER fail_ledger_${jobId}`), env.DB.prepare(`DROP TRIGGER fail_dead_letters_${jobId}`)]);
}
