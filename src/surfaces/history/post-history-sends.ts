import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { rateLimitHeaders } from "../../http/error-responses";
import { jsonBody } from "../../http/request-body";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { rateLimit } from "../../ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, invalidJson, logSaveError, retrySafeImport } from "./bulk-body";
import { listedErrors } from "./record-errors";
import { bulkErrors, historySecurity, sendInput, sendsImportBody, sendsImportResult } from "./schemas";
import { importSends } from "./sends-import";

export type PostHistorySendsRequest = { sends: z.input<typeof sendInput>[] };
export type PostHistorySendsResponse = z.infer<typeof sendsImportResult>;

const postHistorySendsRoute = createRoute({
  method: "post",
  path: "/history/sends",
  operationId: "importSends",
  tags: ["History"],
  summary: "Import up to 1,000 sent messages (Trackly-compatible)",
  description:
    "A send links a message_id to the phone number it went to (E.164) and optionally to a stored offer. " +
    "A message_id already stored, or repeated in the request, is skipped and counted in duplicates_skipped. " +
    "The contact is found by phone number when revenue is imported, so contacts may be imported before or after sends. " +
    "The body is read as JSON whatever its Content-Type. An Idempotency-Key makes a retry safe (same key and request: the first answer again). " +
    "Send error codes: missing_message_id, invalid_message_id, missing_phone_number, invalid_phone, invalid_offer_id, offer_not_found, invalid_sent_at, save_error.",
  security: historySecurity,
  middleware: [limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, jsonBody(invalidJson)] as const,
  request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: sendsImportBody } } } },
  responses: {
    200: {
      description: "What was stored; refused sends in `errors`",
      headers: rateLimitHeaders,
      content: { "application/json": { schema: sendsImportResult } },
    },
    ...bulkErrors("sends"),
  },
});

/** `POST /v2/history/sends`: link up to 1,000 message ids to their recipients (and offers). */
export function registerPostHistorySends(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.register("HistorySendInput", sendInput);
  app.openapi(postHistorySendsRoute, async (c) => {
    const { sends } = c.req.valid("json");
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
