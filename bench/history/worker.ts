// The Worker `npm run bench:history` runs (`wrangler dev bench/history/worker.ts`, with the
// bindings of the root wrangler.toml): the production app and queue consumer, plus the
// baseline route (./baseline.ts). Nothing in src/ imports this file, so the baseline is not in
// the production bundle.
import { newApp } from "../../src/app";
import { queueHandlerFor } from "../../src/queue/consumer";
import { surfaces } from "../../src/surfaces";
import { registerHistoryBenchBaseline } from "./baseline";

export { RateLimiter } from "../../src/ratelimit/rate-limiter";
export { JobWatchdog } from "../../src/surfaces/batch/job-watchdog";

const app = newApp(surfaces);
registerHistoryBenchBaseline(app);

export default {
  fetch: app.fetch,
  queue: queueHandlerFor(surfaces),
} satisfies ExportedHandler<Env>;
