import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { Surface } from "../../http/surface";
import { registerGetRevenueAttribution } from "./get-attribution";
import { registerGetAnalyticsBreakdown } from "./get-breakdown";
import { registerGetAnalyticsSummary } from "./get-summary";
import { registerListWebEvents } from "./list-events";

function registerAnalyticsRoutes(app: OpenAPIHono<AppEnv>): void {
  registerGetAnalyticsSummary(app);
  registerGetAnalyticsBreakdown(app);
  registerListWebEvents(app);
  registerGetRevenueAttribution(app);
}

/** Web analytics from the daily rollups, raw events and revenue attribution (native API). */
export const analyticsSurface: Surface = {
  name: "analytics",
  basePaths: [""],
  register: registerAnalyticsRoutes,
};
