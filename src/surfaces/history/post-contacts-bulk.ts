import type { OpenAPIHono } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { rateLimit } from "../../ratelimit/middleware";
import { HISTORY_MAX_BODY_BYTES, logSaveError, readBulkItems, retrySafeImport } from "./bulk-body";
import { importContacts } from "./contacts-import";
import { listedErrors } from "./record-errors";
import { bulkErrorResponses, contactsImportBody, contactsImportResult, historySecurity } from "./schemas";

const PATH = "/contacts/bulk";

/** `POST /v2/contacts/bulk`: create or update up to 1,000 contacts by phone number (E.164). */
export function registerPostContactsBulk(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: PATH,
    tags: ["History"],
    summary: "Create or update up to 1,000 contacts (Trackly-compatible)",
    description:
      "Phone numbers are normalised to E.164; a number without a country code is read as a US number. " +
      "An existing contact (same number) is updated: fields sent replace stored ones, custom_fields are merged. " +
      "Contact error codes: missing_phone_number, invalid_phone, invalid_list_number, invalid_custom_fields, invalid_signup_date, save_error.",
    security: historySecurity,
    request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "application/json": { schema: contactsImportBody } } } },
    responses: {
      200: {
        description: "What was stored; refused contacts in `errors`",
        content: { "application/json": { schema: contactsImportResult } },
      },
      ...bulkErrorResponses,
    },
  });

  app.post(PATH, limitBody(HISTORY_MAX_BODY_BYTES), requireToken(), rateLimit(), retrySafeImport, async (c) => {
    const contacts = await readBulkItems(c, "contacts");
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
