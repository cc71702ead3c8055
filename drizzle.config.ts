import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/db/tables/*.ts (one file per domain) and applied by wrangler (dev, deploy)
// and by the vitest setup file (tests), so all three run the same SQL.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/tables/*.ts",
  out: "./migrations",
});
