import { deleteExpiredSalts } from "./analytics/visitor-id";
import { newApp } from "./app";
import { handleQueue } from "./queue/consumer";

export { RateLimiter } from "./ratelimit/rate-limiter";

const app = newApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
  // Daily cron (wrangler.toml [triggers]): visitor salts of past days are deleted even on a
  // day without traffic (creating a day's salt deletes the earlier ones too).
  async scheduled(_controller, env, _ctx) {
    await deleteExpiredSalts(env.DB);
  },
} satisfies ExportedHandler<Env>;
