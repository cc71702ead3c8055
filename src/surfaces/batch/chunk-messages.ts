// The chunk messages of a job, sent by the consumer of its start message and re-sent by the
// job watchdog. Sending a chunk twice is harmless: a chunk is written exactly once
// (chunk-store.ts), whatever the queue delivers.
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../db/schema";
import { chunkPlan, findJobById, TERMINAL_STATUSES } from "./job-store";
import type { BatchChunkMessage } from "./messages";

/** `sendBatch` takes at most 100 messages (and 256 KB: a chunk message is under 1 KB). */
const SEND_BATCH = 100;

/** Sends a message for every chunk of the job not processed yet; returns how many. */
export async function sendUnprocessedChunks(env: Env, jobId: string): Promise<number> {
  const db = drizzle(env.DB, { schema });
  const job = await findJobById(db, jobId);
  if (!job || TERMINAL_STATUSES.has(job.status)) return 0;
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
  return messages.length;
}
