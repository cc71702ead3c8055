import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, eq, isNull } from "drizzle-orm";
import { generateToken, hashSecret, kindOfPrefix, type TokenPrefix } from "../../auth/token-format";
import { forgetTokens } from "../../auth/token-store";
import { apiTokens } from "../../db/schema";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { idempotencyErrorResponses, idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { findSite } from "../../sites";
import { adminIdempotent, requireAdmin } from "./require-admin";
import { adminSecurity, nativeError, origin, rateLimitInput, siteIdParam, token, tokenIdParam, toTokenView } from "./schemas";

const createTokenBody = z
  .object({
    kind: z.enum(["secret", "public"]),
    prefix: z.enum(["sec", "trk", "pub"]).optional().openapi({ description: "sec (default) or trk for secret tokens, pub for public" }),
    name: z.string().trim().min(1).max(200).optional(),
    allowed_origins: z.array(origin).max(100).optional().openapi({ description: "Public tokens only; absent = any origin" }),
    rate_limit: rateLimitInput.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.prefix && kindOfPrefix(b.prefix) !== b.kind) {
      ctx.addIssue({
        code: "custom",
        path: ["prefix"],
        message: `prefix ${b.prefix} is not a ${b.kind} token prefix (secret: sec, trk; public: pub)`,
      });
    }
    if (b.allowed_origins && b.kind !== "public") {
      ctx.addIssue({ code: "custom", path: ["allowed_origins"], message: "only public tokens have allowed origins" });
    }
  });

const createTokenRoute = createRoute({
  method: "post",
  path: "/admin/sites/{siteId}/tokens",
  tags: ["Admin"],
  summary: "Create an API token; the clear token is returned once",
  security: adminSecurity,
  middleware: [requireAdmin, adminIdempotent] as const,
  request: {
    headers: idempotencyKeyHeaders,
    params: siteIdParam,
    body: { required: true, content: { "application/json": { schema: createTokenBody } } },
  },
  responses: {
    201: {
      description: "Created",
      content: {
        "application/json": {
          schema: token.extend({ token: z.string().openapi({ description: "Shown only now" }) }).openapi("CreatedToken"),
        },
      },
    },
    ...idempotencyErrorResponses(nativeError),
  },
});

const listTokensRoute = createRoute({
  method: "get",
  path: "/admin/sites/{siteId}/tokens",
  tags: ["Admin"],
  summary: "A site's tokens (never the secrets)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: siteIdParam },
  responses: { 200: { description: "Tokens", content: { "application/json": { schema: z.object({ data: z.array(token) }) } } } },
});

const updateTokenRoute = createRoute({
  method: "patch",
  path: "/admin/tokens/{tokenId}",
  tags: ["Admin"],
  summary: "Change a token's rate limit, allowed origins or name (effective within TOKEN_CACHE_SECONDS)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: {
    params: tokenIdParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            rate_limit: rateLimitInput.nullable().optional().openapi({ description: "null: back to the site default" }),
            allowed_origins: z.array(origin).max(100).nullable().optional().openapi({ description: "null: any origin" }),
            name: z.string().trim().min(1).max(200).nullable().optional(),
          }),
        },
      },
    },
  },
  responses: { 200: { description: "The updated token", content: { "application/json": { schema: token } } } },
});

const revokeTokenRoute = createRoute({
  method: "delete",
  path: "/admin/tokens/{tokenId}",
  tags: ["Admin"],
  summary: "Revoke a token (refused everywhere within TOKEN_CACHE_SECONDS, at once by this isolate)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: tokenIdParam },
  responses: { 204: { description: "Revoked" } },
});

const notFound = () => new ApiError({ code: "NOT_FOUND", message: "Token not found" });

export function registerAdminTokens(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createTokenRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const body = c.req.valid("json");
    if (!(await findSite(c.var.db, siteId))) throw new ApiError({ code: "NOT_FOUND", message: "Site not found" });
    const prefix: TokenPrefix = body.prefix ?? (body.kind === "public" ? "pub" : "sec");
    const clear = generateToken(prefix);
    const row = await c.var.db
      .insert(apiTokens)
      .values({
        id: newId("tok"),
        siteId,
        kind: body.kind,
        prefix,
        tokenHash: await hashSecret(clear),
        tokenHint: clear.slice(-4),
        name: body.name ?? null,
        allowedOrigins: body.allowed_origins ?? null,
        rateLimit: body.rate_limit?.limit ?? null,
        rateWindowSeconds: body.rate_limit?.window_seconds ?? null,
      })
      .returning()
      .get();
    return c.json({ ...toTokenView(row), token: clear }, 201);
  });

  app.openapi(listTokensRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    if (!(await findSite(c.var.db, siteId))) throw new ApiError({ code: "NOT_FOUND", message: "Site not found" });
    const rows = await c.var.db.select().from(apiTokens).where(eq(apiTokens.siteId, siteId)).orderBy(asc(apiTokens.createdAt));
    return c.json({ data: rows.map(toTokenView) }, 200);
  });

  app.openapi(updateTokenRoute, async (c) => {
    const { tokenId } = c.req.valid("param");
    const body = c.req.valid("json");
    const existing = await c.var.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
    if (!existing) throw notFound();
    if (body.allowed_origins && existing.kind !== "public") {
      throw new ApiError({ code: "BAD_REQUEST", message: "allowed_origins: only public tokens have allowed origins" });
    }
    const changes: Partial<typeof apiTokens.$inferInsert> = {};
    if (body.rate_limit !== undefined) {
      changes.rateLimit = body.rate_limit?.limit ?? null;
      changes.rateWindowSeconds = body.rate_limit?.window_seconds ?? null;
    }
    if (body.allowed_origins !== undefined) changes.allowedOrigins = body.allowed_origins;
    if (body.name !== undefined) changes.name = body.name;
    const row = Object.keys(changes).length
      ? await c.var.db.update(apiTokens).set(changes).where(eq(apiTokens.id, tokenId)).returning().get()
      : existing;
    forgetTokens(new Set([tokenId]));
    return c.json(toTokenView(row ?? existing), 200);
  });

  app.openapi(revokeTokenRoute, async (c) => {
    const { tokenId } = c.req.valid("param");
    const existing = await c.var.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
    if (!existing) throw notFound();
    await c.var.db
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)));
    forgetTokens(new Set([tokenId]));
    return c.body(null, 204);
  });
}
