import { failJobsOfDeadLetters } from "../surfaces/batch/jobs-consumer";
import { DEAD_LETTER_QUEUE } from "./names";

const INSERT_DEAD_LETTERS = `
INSERT INTO dead_letters (id, queue, body, attempts, reason)
SELECT d.value->>'id', d.value->>'queue', d.value->>'body', d.value->>'attempts', d.value->>'reason'
FROM json_each(?1) AS d WHERE true
ON CONFLICT (id) DO NOTHING`;

/** Keeps messages in D1 where operators can list them (GET /admin/dead-letters). */
export async function recordDeadLetters(db: D1Database, queue: string, messages: readonly Message<unknown>[], reason: string): Promise<void> {
  const rows = messages.map((m) => ({ id: m.id, queue, body: JSON.stringify(m.body), attempts: m.attempts, reason }));
  await db.prepare(INSERT_DEAD_LETTERS).bind(JSON.stringify(rows)).run();
}

/**
 * Consumer of the dead-letter queue: messages that exhausted their retries on another queue.
 * Recorded, then acknowledged; if D1 itself is down they are retried here (nothing vanishes
 * silently, and every failure is logged).
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  try {
    await recordDeadLetters(env.DB, DEAD_LETTER_QUEUE, batch.messages, "retries exhausted");
    // A batch job whose chunk can never be written would otherwise stay `processing` forever.
    await failJobsOfDeadLetters(env, batch.messages);
    batch.ackAll();
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "dead letters not recorded", error: String(err), size: batch.messages.length }));
    batch.retryAll({ delaySeconds: 30 });
  }
}
