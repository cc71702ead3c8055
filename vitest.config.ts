import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Four projects. The Cloudflare plugin belongs to the `workers` project alone: a plugin on the
// root config is inherited by every inline project, which would run the Node-side browser
// tests inside workerd.
// - `workers`: the Worker's tests inside workerd with the bindings of wrangler.toml (real D1,
//   R2, Queues and Durable Objects, emulated by miniflare) and the drizzle-kit migrations
//   applied by test/setup/apply-migrations.ts.
// - `node` (packages/vitest.config.ts): the SDK and CLI against a real `wrangler dev`.
// - `browser`: Debian's Chromium (playwright-core) driving the real @pulsora/core tracker from
//   another origin against `wrangler dev` (test/browser/).
// - `console`: the browser console's tests (test/console/), console built first by `npm test`.
// The browser projects run after the others, not beside them: two cores are not enough.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      // The Worker logs one JSON line per request; show logs only for failing tests.
      silent: "passed-only" as const,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ADMIN_TOKEN: "test-admin-token",
                  OAUTH_SIGNING_KEY: "test-oauth-signing-key-0123456789abcdef",
                  // The committed test secrets above are accepted only in development; tests of the
                  // production rules pass their own env to newApp().fetch.
                  ENVIRONMENT: "development",
                  // Many tests expect 401s from the same (absent) client address; the failed-auth
                  // limit has its own tests with a low limit.
                  AUTH_FAILURE_LIMIT: "1000000",
                  // Retry at once in tests so retry -> dead-letter paths finish quickly.
                  QUEUE_RETRY_BASE_SECONDS: "0",
                  // The property-based route test (test/fuzz): requests and seed. CI: a fixed seed;
                  // `npm run test:fuzz`: a larger budget and a random seed (printed, to replay a failure).
                  FUZZ_RUNS: process.env.FUZZ_RUNS ?? "300",
                  FUZZ_SEED: process.env.FUZZ_SEED ?? "20261122",
                },
                // `queueConsumers` replaces the wrangler.toml consumer settings of each queue,
                // so retries and the dead-letter queue are restated here (fewer retries in tests).
                queueConsumers: {
                  "revenue-edge-events": { maxBatchSize: 100, maxBatchTimeout: 0.05, maxRetries: 2, deadLetterQueue: "revenue-edge-dlq" },
                  "revenue-edge-jobs": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 2, deadLetterQueue: "revenue-edge-dlq" },
                  "revenue-edge-dlq": { maxBatchSize: 100, maxBatchTimeout: 0.05, maxRetries: 3 },
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/browser/**", "test/console/**"],
            setupFiles: ["./test/setup/apply-migrations.ts"],
            testTimeout: 30_000,
            hookTimeout: 60_000,
            sequence: { groupOrder: 0 },
          },
        },
        "./packages/vitest.config.ts",
        {
          test: {
            name: "browser",
            sequence: { groupOrder: 1 },
            environment: "node",
            include: ["test/browser/**/*.test.ts"],
            testTimeout: 90_000,
            // Starting wrangler dev (migrations, bundling) and Chromium on a busy machine.
            hookTimeout: 180_000,
          },
        },
        {
          test: {
            name: "console",
            sequence: { groupOrder: 2 },
            include: ["test/console/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/console/setup/worker.ts"],
            // One browser at a time.
            fileParallelism: false,
            testTimeout: 90_000,
            hookTimeout: 180_000,
            // Pages wait on a real server: poll assertions get the time a person would give.
            expect: { poll: { timeout: 20_000, interval: 100 } },
          },
        },
      ],
    },
  };
});
