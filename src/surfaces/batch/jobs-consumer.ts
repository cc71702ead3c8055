// Consumer of the `revenue-edge-jobs` queue: fans a started job out into chunk messages and
// writes chunks (docs/batch-csv.md §3). Retries use the foundation's backoff; a problem that
// retrying cannot fix ends the job as `failed`; messages that exhaust their retries reach the
// dead-letter queue, whose consumer ends their job too (`failJobsOfDeadLetters`).
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../db/schema";
import { recordDeadLetters } from "../../queue/dead-letters";
import { retryDelaySeconds } from "../../queue/retry";
import { chunkPlan, failJob, findJobById, TERMINAL_STATUSES } from "./job-store";
import { JOBS_QUEUE, batchJobMessage, type BatchChunkMessage, type BatchStartMessage } from "./messages";
import { FatalChunkError, processChunk } from "./process-chunk";

/** `sendBatch` takes at most 100 messages (and 256 KB: a chunk message is under 1 KB). */
const SEND_BATCH = 100;

/** Sends the chunk messages of a job that are not done yet. Sending one twice is harmless. */
async function fanOut(env: Env, msg: BatchStartMessage): Promise<void> {
  const db = drizzle(env.DB, { schema });
  const job = await findJobById(db, msg.jobId);
  if (!job || TERMINAL_STATUSES.has(job.status)) return;
  const messages: { body: BatchChunkMessage }[] = (await chunkPlan(db, job.id))
    .filter((c) => c.doneAt === null)
    .map((c) => ({
      body: {
        v: 1,
        kind: "batch-chunk",
        jobId: job.id,
        siteId: job.siteId,
        objectKey: job.objectKey,
        header: job.header,
        chunkIndex: c.chunkIndex,
        byteStart: c.byteStart,
        byteEnd: c.byteEnd,
        firstRow: c.firstRow,
        firstLine: c.firstLine,
        rowCount: c.rowCount,
      },
    }));
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    await env.JOBS_QUEUE.sendBatch(messages.slice(i, i + SEND_BATCH));
  }
}

export async function consumeBatchJobs(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const parsed = batchJobMessage.safeParse(msg.body);
    if (!parsed.success) {
      // Retrying cannot fix a message we cannot read: keep it for operators and move on.
      await recordDeadLetters(env.DB, JOBS_QUEUE, [msg], "undecodable message");
      msg.ack();
      continue;
    }
    const body = parsed.data;
    try {
      if (body.kind === "batch-start") await fanOut(env, body);
      else await processChunk(env, body);
      msg.ack();
    } catch (err) {
      if (err instanceof FatalChunkError) {
        console.error(JSON.stringify({ level: "error", msg: "batch job failed", jobId: body.jobId, reason: err.message }));
        await failJob(env.DB, body.jobId, err.message);
        msg.ack();
        continue;
      }
      console.error(
        JSON.stringify({ level: "warn", msg: "batch job message failed, retrying", jobId: body.jobId, kind: body.kind, attempts: msg.attempts, error: String(err) }),
      );
      msg.retry({ delaySeconds: retryDelaySeconds(env, msg.attempts) });
    }
  }
}

/**
 * For the dead-letter consumer: a job whose message exhausted its retries can never finish,
 * so it ends as `failed` (its other chunks then change nothing).
 */
export async function failJobsOfDeadLetters(env: Env, messages: readonly Message<unknown>[]): Promise<void> {
  const jobIds = new Set<string>();
  for (const m of messages) {
    const parsed = batchJobMessage.safeParse(m.body);
    if (parsed.success) jobIds.add(parsed.data.jobId);
  }
  for (const jobId of jobIds) {
    await failJob(env.DB, jobId, "Processing failed repeatedly (the message reached the dead-letter queue); rows not written are counted as failed");
  }
}
