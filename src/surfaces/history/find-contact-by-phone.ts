import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { rateLimit } from "../../ratelimit/middleware";
import { findContact } from "./contact-view";
import { normalizePhoneNumber } from "./phone-number";
import { commonErrorResponses, contact, historyErrorBody, historySecurity } from "./schemas";

const findContactRoute = createRoute({
  method: "get",
  path: "/contacts",
  tags: ["History"],
  summary: "The contact with a phone number",
  security: historySecurity,
  middleware: [requireToken(), rateLimit()] as const,
  request: {
    query: z.object({
      phone_number: z
        .string()
        .max(64)
        .optional()
        .openapi({ description: "Any format; encode `+` as `%2B` (a literal leading `+` is also understood)", example: "+12125551234" }),
    }),
  },
  responses: {
    200: { description: "The contact", content: { "application/json": { schema: contact } } },
    400: { description: "`missing_phone_number` or `invalid_phone`", content: { "application/json": { schema: historyErrorBody } } },
    404: {
      description: "No contact with this number in this site (`contact_not_found`)",
      content: { "application/json": { schema: historyErrorBody } },
    },
    ...commonErrorResponses,
  },
});

/** `GET /v2/contacts?phone_number=…`: the number is normalised like at import, so any format finds it. */
export function registerFindContactByPhone(app: OpenAPIHono<AppEnv>): void {
  app.openapi(findContactRoute, async (c) => {
    const raw = c.req.valid("query").phone_number;
    if (raw === undefined || raw.trim() === "") {
      throw new ApiError({
        code: "BAD_REQUEST",
        wireCode: "missing_phone_number",
        message: "The phone_number query parameter is required.",
      });
    }
    // An unencoded `+` in a query string decodes to a space: "?phone_number=+44…" means "+44…".
    const phone = normalizePhoneNumber(raw.replace(/^ (?=\d)/, "+"));
    if (!phone.ok) throw new ApiError({ code: "BAD_REQUEST", wireCode: "invalid_phone", message: phone.error });
    const found = await findContact(c.env.DB, c.var.principal.siteId, { phoneNumber: phone.e164 });
    if (!found) {
      throw new ApiError({
        code: "NOT_FOUND",
        wireCode: "contact_not_found",
        message: `No contact exists with phone number ${phone.e164}.`,
      });
    }
    return c.json(found, 200);
  });
}
