import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { Surface } from "../../http/surface";
import { renderAccountsError } from "./errors";
import { registerGetAccountRevenue } from "./get-account-revenue";
import { registerPostRevenueFile } from "./post-revenue-file";

function registerAccountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "accountApiKey", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "`api_key <secret token>` (or use an OAuth2 access token as `Bearer`)",
  });
  registerPostRevenueFile(app);
  registerGetAccountRevenue(app);
}

/** Account revenue files expanded into monthly schedules (CustomerGauge-compatible, contract §6). */
export const accountsSurface: Surface = {
  name: "accounts",
  basePaths: [""],
  owns: (path) => path.startsWith("/v4.1/"),
  register: registerAccountRoutes,
  renderError: renderAccountsError,
};
