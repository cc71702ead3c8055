import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { rateLimitHeaders } from "../../http/error-responses";
import { jsonBody } from "../../http/request-body";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { rateLimit } from "../../ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, invalidJson, logSaveError, retrySafeImport } from "./bulk-body";
import { importContacts } from "./contacts-import";
import { listedErrors } from "./record-errors";
import { bulkErrors, contactInput, contactsImportBody, contactsImportResult, historySecurity } from "./schemas";

export type PostContactsBulkRequest = { contacts: z.input<typeof contactInput>[] };
export type PostContactsBulkResponse = z.infer<typeof contactsImportResult>;

const postContactsBulkRoute = createRoute({
  method: "post",
  path: "/contacts/bulk",
  operationId: "importContacts",
  tags: ["History"],
  summary: "Create or update up to 1,000 contacts (Trackly-compatible)",
  description:
    "Phone numbers are normalised to E.164; a number without a country code is read as a US number. " +
    "An existing contact (same number) is updated: fields sent replace stored ones, custom_fields are merged. " +
    "The body is read as JSON whatever its Content-Type. An Idempotency-Key makes a retry safe (same key and request: the first answer again). " +
    "Contact error codes: missing_phone_number, invalid_phone, invalid_list_number, invalid_custom_fields, invalid_signup_date, save_error.",
  security: historySecurity,
  middleware: [limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, jsonBody(invalidJson)] as const,
  request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: contactsImportBody } } } },
  responses: {
    200: {
      description: "What was stored; refused contacts in `errors`",
      headers: rateLimitHeaders,
      content: { "application/json": { schema: contactsImportResult } },
    },
    ...bulkErrors("contacts"),
  },
});

/** `POST /v2/contacts/bulk`: create or update up to 1,000 contacts by phone number (E.164). */
export function registerPostContactsBulk(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.register("HistoryContactInput", contactInput);
  app.openapi(postContactsBulkRoute, async (c) => {
    const { contacts } = c.req.valid("json");
    const result = await importContacts(c.env.DB, c.var.principal.siteId, contacts, {
      nowMs: Date.now(),
      newContactId: () => newId("ct"),
      onSaveError: logSaveError(c, "contacts"),
    });
    return c.json(
      {
        success_count: result.successCount,
        error_count: result.errorCount,
        contacts_created: result.contactsCreated,
        errors: listedErrors(result.errors),
      },
      200,
    );
  });
}
