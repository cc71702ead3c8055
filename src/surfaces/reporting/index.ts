import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { Surface } from "../../http/surface";
import { registerListRevenue } from "./list-revenue";
import { registerMrr } from "./mrr";
import { registerRevenueSummary } from "./revenue-summary";

function registerReportingRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListRevenue(app);
  registerRevenueSummary(app);
  registerMrr(app);
}

/** Reporting on the ledger (native API, contract §7). */
export const reportingSurface: Surface = {
  name: "reporting",
  basePaths: [""],
  register: registerReportingRoutes,
};
