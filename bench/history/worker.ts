// The Worker `npm run bench:history` runs (`wrangler dev bench/history/worker.ts`, with the
// bindings of the root wrangler.toml): the production surfaces and queue consumers, plus one
// bench-only surface serving the baseline route (./baseline.ts). Nothing in src/ imports this
// file, so the baseline is not in the production bundle.
import { newApp } from "../../src/app";
import type { Surface } from "../../src/http/surface";
import { queueHandlerFor } from "../../src/queue/consumer";
import { surfaces } from "../../src/surfaces";
import { registerHistoryBenchBaseline } from "./baseline";

export { RateLimiter } from "../../src/ratelimit/rate-limiter";

const benchSurface: Surface = { name: "bench", basePaths: [""], register: registerHistoryBenchBaseline };

export default {
  fetch: newApp([...surfaces, benchSurface]).fetch,
  queue: queueHandlerFor(surfaces),
} satisfies ExportedHandler<Env>;
