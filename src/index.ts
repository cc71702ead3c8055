import { newApp } from "./app";
import { handleQueue } from "./queue/consumer";

export { RateLimiter } from "./ratelimit/rate-limiter";
export { JobWatchdog } from "./surfaces/batch/job-watchdog";

const app = newApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
