import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerGetAccountRevenue } from "./get-account-revenue";
import { registerPostRevenueFile } from "./post-revenue-file";

/** The account-file surface (CustomerGauge-compatible, contract §6). */
export function registerAccountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "accountApiKey", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "`api_key <secret token>` (or use an OAuth2 access token as `Bearer`)",
  });
  registerPostRevenueFile(app);
  registerGetAccountRevenue(app);
}
