import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { Surface } from "../../http/surface";
import { renderHistoryError } from "./errors";
import { registerFindContactByPhone } from "./find-contact-by-phone";
import { registerGetContact } from "./get-contact";
import { registerPostContactsBulk } from "./post-contacts-bulk";
import { registerPostHistoryRevenue } from "./post-history-revenue";
import { registerPostHistorySends } from "./post-history-sends";
import { registerPostOffersBulk } from "./post-offers-bulk";

function registerHistoryRoutes(app: OpenAPIHono<AppEnv>): void {
  registerPostContactsBulk(app);
  registerGetContact(app);
  registerFindContactByPhone(app);
  registerPostOffersBulk(app);
  registerPostHistorySends(app);
  registerPostHistoryRevenue(app);
}

/**
 * Bulk history import (Trackly-compatible, contract §4). Served at `/v2/…` and, because
 * Trackly's own examples post to `https://app.tracklysms.com/api/v2/…`, at `/api/v2/…` too, so a
 * client that swaps its base URL `…/api` for ours keeps working.
 */
export const historySurface: Surface = {
  name: "history",
  basePaths: ["/v2", "/api/v2"],
  register: registerHistoryRoutes,
  renderError: renderHistoryError,
};
