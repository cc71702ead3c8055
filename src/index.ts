import { deleteExpiredSalts } from "./analytics/visitor-id";
import { newApp } from "./app";
import { queueHandlerFor } from "./queue/consumer";
import { surfaces } from "./surfaces";

export { RateLimiter } from "./ratelimit/rate-limiter";
export { JobWatchdog } from "./surfaces/batch/job-watchdog";

const app = newApp(surfaces);

export default {
  fetch: app.fetch,
  queue: queueHandlerFor(surfaces),
  // Daily cron (wrangler.toml [triggers]): visitor salts of past days are deleted even on a
  // day without traffic (creating a day's salt deletes the earlier ones too).
  async scheduled(_controller, env, _ctx) {
    await deleteExpiredSalts(env.DB);
  },
} satisfies ExportedHandler<Env>;
