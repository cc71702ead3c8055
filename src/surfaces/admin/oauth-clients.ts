import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, eq, isNull } from "drizzle-orm";
import { ACCESS_TOKEN_TTL_SECONDS } from "../../auth/access-token";
import { newClientId, newClientSecret } from "../../auth/client-secret";
import { hashSecret } from "../../auth/token-format";
import { oauthClients } from "../../db/schema";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { idempotencyErrorResponses, idempotencyKeyHeaders } from "../../idempotency/openapi";
import { findSite } from "../../sites";
import { adminIdempotent, requireAdmin } from "./require-admin";
import { adminSecurity, nativeError, siteIdParam } from "./schemas";

const oauthClient = z
  .object({
    client_id: z.string(),
    site_id: z.string(),
    name: z.string().nullable(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi("OAuthClient");

const toClientView = (row: typeof oauthClients.$inferSelect): z.infer<typeof oauthClient> => ({
  client_id: row.id,
  site_id: row.siteId,
  name: row.name,
  created_at: row.createdAt,
  revoked_at: row.revokedAt,
});

const createClientRoute = createRoute({
  method: "post",
  path: "/admin/sites/{siteId}/oauth-clients",
  tags: ["Admin"],
  summary: "Create an OAuth2 client (client credentials); the secret is returned once",
  security: adminSecurity,
  middleware: [requireAdmin, adminIdempotent] as const,
  request: {
    headers: idempotencyKeyHeaders,
    params: siteIdParam,
    body: {
      required: false,
      content: { "application/json": { schema: z.object({ name: z.string().trim().min(1).max(200).optional() }) } },
    },
  },
  responses: {
    201: {
      description: "Created",
      content: {
        "application/json": {
          schema: oauthClient
            .extend({ client_secret: z.string().openapi({ description: "Shown only now" }) })
            .openapi("CreatedOAuthClient"),
        },
      },
    },
    ...idempotencyErrorResponses(nativeError),
  },
});

const listClientsRoute = createRoute({
  method: "get",
  path: "/admin/sites/{siteId}/oauth-clients",
  tags: ["Admin"],
  summary: "A site's OAuth2 clients (never the secrets)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: siteIdParam },
  responses: { 200: { description: "Clients", content: { "application/json": { schema: z.object({ data: z.array(oauthClient) }) } } } },
});

const revokeClientRoute = createRoute({
  method: "delete",
  path: "/admin/oauth-clients/{clientId}",
  tags: ["Admin"],
  summary: "Revoke an OAuth2 client",
  description: `The client gets no new access tokens from now on. Access tokens already issued are verified by signature alone and stay valid until they expire (at most ${ACCESS_TOKEN_TTL_SECONDS} s).`,
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: z.object({ clientId: z.string() }) },
  responses: { 204: { description: "Revoked" } },
});

export function registerAdminOAuthClients(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createClientRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    // The body is optional; a request without one (or an empty one) creates an unnamed client.
    const body = (c.req.header("content-type") ? c.req.valid("json") : undefined) ?? {};
    if (!(await findSite(c.var.db, siteId))) throw new ApiError({ code: "NOT_FOUND", message: "Site not found" });
    const clientSecret = newClientSecret();
    const row = await c.var.db
      .insert(oauthClients)
      .values({ id: newClientId(), siteId, secretHash: await hashSecret(clientSecret), name: body.name ?? null })
      .returning()
      .get();
    return c.json({ ...toClientView(row), client_secret: clientSecret }, 201);
  });

  app.openapi(listClientsRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    if (!(await findSite(c.var.db, siteId))) throw new ApiError({ code: "NOT_FOUND", message: "Site not found" });
    const rows = await c.var.db.select().from(oauthClients).where(eq(oauthClients.siteId, siteId)).orderBy(asc(oauthClients.createdAt));
    return c.json({ data: rows.map(toClientView) }, 200);
  });

  app.openapi(revokeClientRoute, async (c) => {
    const { clientId } = c.req.valid("param");
    const existing = await c.var.db.select({ id: oauthClients.id }).from(oauthClients).where(eq(oauthClients.id, clientId)).get();
    if (!existing) throw new ApiError({ code: "NOT_FOUND", message: "OAuth client not found" });
    await c.var.db
      .update(oauthClients)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(oauthClients.id, clientId), isNull(oauthClients.revokedAt)));
    return c.body(null, 204);
  });
}
