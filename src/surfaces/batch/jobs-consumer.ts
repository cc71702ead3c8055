// Consumer of the `revenue-edge-jobs` queue: fans a started job out into chunk messages and
// writes chunks (docs/batch-csv.md §3): the chunk messages of a batch go through a pipeline
// that reads the next chunks from R2 while the current ones are written, several chunks per D1
// transaction (chunk-pipeline.ts). Retries use the foundation's backoff; a problem that
// retrying cannot fix ends the job as `failed`; messages that exhaust their retries reach the
// dead-letter queue, whose consumer ends their job too (`failJobsOfDeadLetters`). Whatever is
// lost on the way (a message, the dead-letter consumer's own retries), the job watchdog
// (job-watchdog.ts) notices the job makes no progress and re-sends or ends it.
import { recordDeadLetters } from "../../queue/dead-letters";
import { retryDelaySeconds } from "../../queue/retry";
import { sendUnprocessedChunks } from "./chunk-messages";
import { processChunkMessages } from "./chunk-pipeline";
import { failJob } from "./job-store";
import { type BatchChunkMessage, batchJobMessage, JOBS_QUEUE } from "./messages";

function retry(env: Env, msg: Message<unknown>, jobId: string, kind: string, err: unknown): void {
  console.error(
    JSON.stringify({
      level: "warn",
      msg: "batch job message failed, retrying",
      jobId,
      kind,
      attempts: msg.attempts,
      error: String(err),
    }),
  );
  msg.retry({ delaySeconds: retryDelaySeconds(env, msg.attempts) });
}

export async function consumeBatchJobs(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const chunks: { msg: Message<unknown>; body: BatchChunkMessage }[] = [];
  for (const msg of batch.messages) {
    const parsed = batchJobMessage.safeParse(msg.body);
    if (!parsed.success) {
      // Retrying cannot fix a message we cannot read: keep it for operators and move on.
      await recordDeadLetters(env.DB, JOBS_QUEUE, [msg], "undecodable message");
      msg.ack();
      continue;
    }
    const body = parsed.data;
    if (body.kind === "batch-chunk") {
      chunks.push({ msg, body });
      continue;
    }
    try {
      await sendUnprocessedChunks(env, body.jobId);
      msg.ack();
    } catch (err) {
      retry(env, msg, body.jobId, body.kind, err);
    }
  }
  if (chunks.length === 0) return;
  const outcomes = await processChunkMessages(
    env,
    chunks.map((c) => c.body),
  );
  outcomes.forEach((outcome, i) => {
    const { msg, body } = chunks[i]!;
    if (outcome.kind === "retry") retry(env, msg, body.jobId, body.kind, outcome.error);
    else msg.ack();
  });
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
    await failJob(
      env.DB,
      jobId,
      "Processing failed repeatedly (the message reached the dead-letter queue); rows not written are counted as failed. " +
        "Upload the file again to store them: rows already stored fail as duplicates.",
    );
  }
}
