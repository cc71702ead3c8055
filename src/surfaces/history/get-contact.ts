import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { rateLimit } from "../../ratelimit/middleware";
import { findContact } from "./contact-view";
import { commonErrorResponses, contact, historyErrorBody, historySecurity } from "./schemas";

const getContactRoute = createRoute({
  method: "get",
  path: "/contacts/{contactId}",
  tags: ["History"],
  summary: "One contact with its revenue stats",
  security: historySecurity,
  middleware: [requireToken(), rateLimit()] as const,
  request: { params: z.object({ contactId: z.string().max(255) }) },
  responses: {
    200: { description: "The contact", content: { "application/json": { schema: contact } } },
    404: {
      description: "No such contact in this site (`contact_not_found`)",
      content: { "application/json": { schema: historyErrorBody } },
    },
    ...commonErrorResponses,
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
