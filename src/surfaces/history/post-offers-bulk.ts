import type { OpenAPIHono } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { ApiError } from "../../http/errors";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { rateLimit } from "../../ratelimit/middleware";
import { findSite } from "../../sites";
import { HISTORY_MAX_BODY_BYTES, logSaveError, readBulkItems, retrySafeImport } from "./bulk-body";
import { importOffers } from "./offers-import";
import { listedErrors } from "./record-errors";
import { bulkErrorResponses, historySecurity, offersImportBody, offersImportResult } from "./schemas";

const PATH = "/offers/bulk";

/** `POST /v2/offers/bulk`: create or update up to 1,000 offers by `offer_id`. */
export function registerPostOffersBulk(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: PATH,
    tags: ["History"],
    summary: "Create or update up to 1,000 offers by offer_id (Trackly-compatible)",
    description:
      "Upsert by offer_id: fields sent replace stored ones, fields left out are kept. payout is in the site's default currency. " +
      "Offer error codes: missing_offer_id, invalid_offer_id, invalid_name, invalid_payout, save_error.",
    security: historySecurity,
    request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: offersImportBody } } } },
    responses: {
      200: { description: "What was stored; refused offers in `errors`", content: { "application/json": { schema: offersImportResult } } },
      ...bulkErrorResponses,
    },
  });

  app.post(PATH, limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, async (c) => {
    const offers = await readBulkItems(c, "offers");
    const site = await findSite(c.var.db, c.var.principal.siteId);
    if (!site) throw new ApiError({ code: "UNAUTHORIZED", message: "Invalid API token" });
    const result = await importOffers(c.env.DB, { id: site.id, currency: site.defaultCurrency }, offers, {
      onSaveError: logSaveError(c, "offers"),
    });
    return c.json(
      {
        success_count: result.successCount,
        error_count: result.errorCount,
        offers_created: result.offersCreated,
        offers_updated: result.offersUpdated,
        errors: listedErrors(result.errors),
      },
      200,
    );
  });
}
