// The Worker `npm run bench:analytics` runs (`wrangler dev bench/analytics/worker.ts`, with the
// bindings of the root wrangler.toml): the production app and queue consumer, plus the bench's
// loading and raw-scan routes (./bench-routes.ts). Nothing in src/ imports this file.
import { newApp } from "../../src/app";
import { queueHandlerFor } from "../../src/queue/consumer";
import { surfaces } from "../../src/surfaces";
import { registerAnalyticsBenchRoutes } from "./bench-routes";

export { RateLimiter } from "../../src/ratelimit/rate-limiter";
export { JobWatchdog } from "../../src/surfaces/batch/job-watchdog";

const app = newApp(surfaces);
registerAnalyticsBenchRoutes(app);

export default {
  fetch: app.fetch,
  queue: queueHandlerFor(surfaces),
} satisfies ExportedHandler<Env>;
