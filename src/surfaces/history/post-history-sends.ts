import type { OpenAPIHono } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { rateLimit } from "../../ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, logSaveError, readBulkItems, retrySafeImport } from "./bulk-body";
import { listedErrors } from "./record-errors";
import { bulkErrorResponses, historySecurity, sendsImportBody, sendsImportResult } from "./schemas";
import { importSends } from "./sends-import";

const PATH = "/history/sends";

/** `POST /v2/history/sends`: link up to 1,000 message ids to their recipients (and offers). */
export function registerPostHistorySends(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: PATH,
    tags: ["History"],
    summary: "Import up to 1,000 sent messages (Trackly-compatible)",
    description:
      "A send links a message_id to the phone number it went to (E.164) and optionally to a stored offer. " +
      "A message_id already stored, or repeated in the request, is skipped and counted in duplicates_skipped. " +
      "The contact is found by phone number when revenue is imported, so contacts may be imported before or after sends. " +
      "Send error codes: missing_message_id, invalid_message_id, missing_phone_number, invalid_phone, invalid_offer_id, offer_not_found, invalid_sent_at, save_error.",
    security: historySecurity,
    request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: sendsImportBody } } } },
    responses: {
      200: { description: "What was stored; refused sends in `errors`", content: { "application/json": { schema: sendsImportResult } } },
      ...bulkErrorResponses,
    },
  });

  app.post(PATH, limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, async (c) => {
    const sends = await readBulkItems(c, "sends");
    const result = await importSends(c.env.DB, c.var.principal.siteId, sends, {
      nowMs: Date.now(),
      onSaveError: logSaveError(c, "sends"),
    });
    return c.json(
      {
        success_count: result.successCount,
        error_count: result.errorCount,
        duplicates_skipped: result.duplicatesSkipped,
        errors: listedErrors(result.errors),
      },
      200,
    );
  });
}
