import type { QueueConsumer, Surface } from "../http/surface";
import { deadLetterConsumer } from "./dead-letters";
import { DEAD_LETTER_QUEUE } from "./names";

/**
 * The Worker's queue() handler: each surface's consumers by queue name, plus the dead-letter
 * queue's consumer, which records what reaches it and tells every surface that wants to know.
 */
export function queueHandlerFor(surfaces: readonly Surface[]): ExportedHandlerQueueHandler<Env> {
  const consumers = new Map<string, QueueConsumer>();
  for (const surface of surfaces) {
    for (const [queue, consume] of Object.entries(surface.queues ?? {})) {
      if (consumers.has(queue)) throw new Error(`queue ${queue} is consumed by two surfaces`);
      consumers.set(queue, consume);
    }
  }
  const hooks = surfaces.flatMap((s) => (s.onDeadLetters ? [s.onDeadLetters] : []));
  consumers.set(DEAD_LETTER_QUEUE, deadLetterConsumer(DEAD_LETTER_QUEUE, hooks));

  return async function handleQueue(batch, env) {
    const consume = consumers.get(batch.queue);
    if (consume) return consume(batch, env);
    console.error(JSON.stringify({ level: "error", msg: "message from an unknown queue", queue: batch.queue }));
    batch.retryAll({ delaySeconds: 60 });
  };
}
