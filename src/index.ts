import { newApp } from "./app";
import { queueHandlerFor } from "./queue/consumer";
import { surfaces } from "./surfaces";

export { RateLimiter } from "./ratelimit/rate-limiter";
export { JobWatchdog } from "./surfaces/batch/job-watchdog";

const app = newApp(surfaces);

export default {
  fetch: app.fetch,
  queue: queueHandlerFor(surfaces),
} satisfies ExportedHandler<Env>;
