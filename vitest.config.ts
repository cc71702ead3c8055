import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects in one run:
// - "worker": tests inside workerd with the bindings of wrangler.toml (real D1, R2, Queues and
//   Durable Objects, emulated by miniflare) and the drizzle-kit migrations applied by
//   test/setup/apply-migrations.ts;
// - "console": browser tests in Node, driving Debian's Chromium with playwright-core against
//   a real `wrangler dev` of this Worker (test/console/setup/worker.ts), console built first.
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
                  // Retry at once in tests so retry -> dead-letter paths finish quickly.
                  QUEUE_RETRY_BASE_SECONDS: "0",
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
            name: "worker",
            include: ["test/**/*.test.ts"],
            exclude: ["test/console/**", "**/node_modules/**"],
            setupFiles: ["./test/setup/apply-migrations.ts"],
            testTimeout: 30_000,
            hookTimeout: 60_000,
            // Before the browser tests, not beside them: two cores are not enough for both.
            sequence: { groupOrder: 0 },
          },
        },
        {
          test: {
            name: "console",
            sequence: { groupOrder: 1 },
            include: ["test/console/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/console/setup/worker.ts"],
            // One browser at a time: the machine has two cores.
            fileParallelism: false,
            testTimeout: 90_000,
            // Pages wait on a real server: poll assertions get the time a person would give.
            expect: { poll: { timeout: 20_000, interval: 100 } },
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
