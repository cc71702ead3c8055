import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { rateLimitHeaders } from "../../http/error-responses";
import { jsonBody } from "../../http/request-body";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { minorUnitsToNumber } from "../../money";
import { rateLimit } from "../../ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, invalidJson, logSaveError, retrySafeImport } from "./bulk-body";
import { listedErrors } from "./record-errors";
import { importRevenueRecords } from "./revenue-import";
import { bulkErrors, historySecurity, revenueImportBody, revenueImportResult, revenueRecordInput } from "./schemas";

export type PostHistoryRevenueRequest = { records: z.input<typeof revenueRecordInput>[] };
export type PostHistoryRevenueResponse = z.infer<typeof revenueImportResult>;

const postHistoryRevenueRoute = createRoute({
  method: "post",
  path: "/history/revenue",
  operationId: "importHistoryRevenue",
  tags: ["History"],
  summary: "Import up to 1,000 historical revenue records (Trackly-compatible)",
  description:
    "Synchronous: the 200 says what is stored. Good records are saved even when others fail; every saved record is one ledger " +
    "row (source `history`, the site's default currency) and moves its contact's revenue_total, conversion_count and " +
    "last_revenue_at in the same transaction. The body is read as JSON whatever its Content-Type. " +
    "Record error codes: missing_message_id, missing_offer_id, missing_revenue, invalid_revenue, invalid_payout, " +
    "invalid_timestamp, invalid_attribution_type, message_not_found, offer_not_found, contact_not_found, " +
    "duplicate_record (same message_id, offer_id and timestamp already imported, in this request or before), save_error.",
  security: historySecurity,
  middleware: [limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, jsonBody(invalidJson)] as const,
  request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: revenueImportBody } } } },
  responses: {
    200: {
      description: "What was stored; refused records in `errors`",
      headers: rateLimitHeaders,
      content: { "application/json": { schema: revenueImportResult } },
    },
    ...bulkErrors("records"),
  },
});

/**
 * `POST /v2/history/revenue` (Trackly-compatible): 1–1,000 historical revenue records, each
 * tied to a stored message and offer.
 */
export function registerPostHistoryRevenue(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.register("HistoryRevenueRecord", revenueRecordInput);
  app.openapi(postHistoryRevenueRoute, async (c) => {
    const { records } = c.req.valid("json");
    const result = await importRevenueRecords(c.env.DB, c.var.principal.siteId, records, {
      nowMs: Date.now(),
      newLedgerId: () => newId("hist"),
      onSaveError: logSaveError(c, "history revenue"),
    });
    return c.json(
      {
        success_count: result.successCount,
        error_count: result.errorCount,
        total_revenue: minorUnitsToNumber(result.totalRevenueMinor, result.currency),
        errors: listedErrors(result.errors),
      },
      200,
    );
  });
}
