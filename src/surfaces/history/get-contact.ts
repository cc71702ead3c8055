import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { rateLimit } from "../../ratelimit/middleware";
import { findContact } from "./contact-view";
import { commonErrors, contact, historyErrors, historySecurity } from "./schemas";

const params = z.object({ contactId: z.string().max(255).openapi({ description: "The id of a contact (`ct_…`)" }) });

export type GetContactParams = z.infer<typeof params>;
export type GetContactResponse = z.infer<typeof contact>;

const getContactRoute = createRoute({
  method: "get",
  path: "/contacts/{contactId}",
  operationId: "getContact",
  tags: ["History"],
  summary: "One contact with its revenue stats",
  security: historySecurity,
  middleware: [requireToken(), rateLimit()] as const,
  request: { params },
  responses: {
    200: { description: "The contact", headers: rateLimitHeaders, content: { "application/json": { schema: contact } } },
    ...historyErrors({
      ...commonErrors,
      400: "contactId longer than 255 characters (`bad_request`)",
      404: "No such contact in this site (`contact_not_found`)",
    }),
  },
});

/** `GET /v2/contacts/{contactId}`. */
export function registerGetContact(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getContactRoute, async (c) => {
    const { contactId } = c.req.valid("param");
    const found = await findContact(c.env.DB, c.var.principal.siteId, { id: contactId });
    if (!found) {
      throw new ApiError({
        code: "NOT_FOUND",
        wireCode: "contact_not_found",
        message: `No contact exists with id ${JSON.stringify(contactId)}.`,
      });
    }
    return c.json(found, 200);
  });
}
