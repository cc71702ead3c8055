import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects:
// - `workers`: tests run inside workerd with the bindings of wrangler.toml (real D1, R2,
//   Queues and Durable Objects, emulated by miniflare) and the drizzle-kit migrations applied
//   by test/setup/apply-migrations.ts.
// - `browser`: Node tests that drive Debian's Chromium (playwright-core) against the Worker
//   under `wrangler dev` (test/browser/), e.g. the real @pulsora/core tracker from another origin.
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
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/browser/**"],
            setupFiles: ["./test/setup/apply-migrations.ts"],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        {
          test: {
            name: "browser",
            environment: "node",
            include: ["test/browser/**/*.test.ts"],
            testTimeout: 90_000,
            // Starting wrangler dev (migrations, bundling) and Chromium on a busy machine.
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
