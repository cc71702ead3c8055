import type { DeadLetterHook } from "../http/surface";

const INSERT_DEAD_LETTERS = `
INSERT INTO dead_letters (id, queue, body, attempts, reason)
SELECT d.value->>'id', d.value->>'queue', d.value->>'body', d.value->>'attempts', d.value->>'reason'
FROM json_each(?1) AS d WHERE true
ON CONFLICT (id) DO NOTHING`;

/** Keeps messages in D1 where operators can list them (GET /admin/dead-letters). */
export async function recordDeadLetters(
  db: D1Database,
  queue: string,
  messages: readonly Message<unknown>[],
  reason: string,
): Promise<void> {
  const rows = messages.map((m) => ({ id: m.id, queue, body: JSON.stringify(m.body), attempts: m.attempts, reason }));
  await db.prepare(INSERT_DEAD_LETTERS).bind(JSON.stringify(rows)).run();
}

/**
 * Consumer of the dead-letter queue: messages that exhausted their retries on another queue.
 * Recorded, then handed to every surface's hook (a batch job whose chunk can never be written
 * would otherwise stay `processing` forever), then acknowledged; if D1 itself is down they are
 * retried here (nothing vanishes silently, and every failure is logged).
 */
export function deadLetterConsumer(queue: string, hooks: readonly DeadLetterHook[]) {
  return async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    try {
      await recordDeadLetters(env.DB, queue, batch.messages, "retries exhausted");
      for (const hook of hooks) await hook(env, batch.messages);
      batch.ackAll();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "dead letters not recorded", error: String(err), size: batch.messages.length }));
      batch.retryAll({ delaySeconds: 30 });
    }
  };
}
