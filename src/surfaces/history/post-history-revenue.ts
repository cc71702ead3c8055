import type { OpenAPIHono } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { minorUnitsToNumber } from "../../money";
import { rateLimit } from "../../ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, logSaveError, readBulkItems, retrySafeImport } from "./bulk-body";
import { listedErrors } from "./record-errors";
import { importRevenueRecords } from "./revenue-import";
import { bulkErrorResponses, historySecurity, revenueImportBody, revenueImportResult } from "./schemas";

const PATH = "/history/revenue";

/**
 * `POST /v2/history/revenue` (Trackly-compatible): 1–1,000 historical revenue records, each
 * tied to a stored message and offer. Synchronous: the 200 says what is stored. Good records
 * are saved even when others fail; every saved record is one ledger row (source `history`,
 * the site's default currency) and moves its contact's stats in the same transaction.
 */
export function registerPostHistoryRevenue(app: OpenAPIHono<AppEnv>): void {
  // Records are validated one by one (a bad record is reported, not fatal), so the schema is
  // registered for the document only.
  app.openAPIRegistry.registerPath({
    method: "post",
    path: PATH,
    tags: ["History"],
    summary: "Import up to 1,000 historical revenue records (Trackly-compatible)",
    description:
      "Record error codes: missing_message_id, missing_offer_id, missing_revenue, invalid_revenue, invalid_payout, " +
      "invalid_timestamp, invalid_attribution_type, message_not_found, offer_not_found, contact_not_found, " +
      "duplicate_record (same message_id, offer_id and timestamp already imported, in this request or before), save_error.",
    security: historySecurity,
    request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: revenueImportBody } } } },
    responses: {
      200: {
        description: "What was stored; refused records in `errors`",
        content: { "application/json": { schema: revenueImportResult } },
      },
      ...bulkErrorResponses,
    },
  });

  app.post(PATH, limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, async (c) => {
    const records = await readBulkItems(c, "records");
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
