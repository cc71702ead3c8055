import { consumeBatchJobs } from "../surfaces/batch/jobs-consumer";
import { consumeDeadLetters } from "./dead-letters";
import { consumeEvents } from "./events-consumer";
import { DEAD_LETTER_QUEUE, EVENTS_QUEUE, JOBS_QUEUE } from "./names";

/** The Worker's queue() handler: one consumer per queue of wrangler.toml. */
export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
  switch (batch.queue) {
    case EVENTS_QUEUE:
      return consumeEvents(batch, env);
    case JOBS_QUEUE:
      return consumeBatchJobs(batch, env);
    case DEAD_LETTER_QUEUE:
      return consumeDeadLetters(batch, env);
    default:
      console.error(JSON.stringify({ level: "error", msg: "message from an unknown queue", queue: batch.queue }));
      batch.retryAll({ delaySeconds: 60 });
  }
}
