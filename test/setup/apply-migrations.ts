import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before every test file: the same SQL that wrangler applies in dev and deploy.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
