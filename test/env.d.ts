import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Migrations read by vitest.config.ts and applied by test/setup/apply-migrations.ts. */
      TEST_MIGRATIONS: D1Migration[];
      /** Requests and seed of the property-based route test (vitest.config.ts). */
      FUZZ_RUNS: string;
      FUZZ_SEED: string;
    }
  }
}
