import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { asc, gt } from "drizzle-orm";
import { config } from "../../config";
import { sites } from "../../db/schema";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { idempotencyErrorResponses, idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { findSite } from "../../sites";
import { adminIdempotent, requireAdmin } from "./require-admin";
import { adminSecurity, currencyCode, nativeError, rateLimitInput, site, siteIdParam, toSiteView } from "./schemas";

const createSiteRoute = createRoute({
  method: "post",
  path: "/admin/sites",
  tags: ["Admin"],
  summary: "Create a site (tenant)",
  security: adminSecurity,
  middleware: [requireAdmin, adminIdempotent] as const,
  request: {
    headers: idempotencyKeyHeaders,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            name: z.string().trim().min(1).max(200),
            default_currency: currencyCode.default("USD"),
            rate_limit: rateLimitInput
              .optional()
              .openapi({ description: "Default for the site's tokens; DEFAULT_RATE_LIMIT per DEFAULT_RATE_WINDOW_SECONDS when absent" }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: site } } },
    ...idempotencyErrorResponses(nativeError),
  },
});

const listSitesRoute = createRoute({
  method: "get",
  path: "/admin/sites",
  tags: ["Admin"],
  summary: "List sites (ordered by id, paginated)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      after: z.string().optional().openapi({ description: "next_cursor of the previous page" }),
    }),
  },
  responses: {
    200: {
      description: "Sites",
      content: { "application/json": { schema: z.object({ data: z.array(site), next_cursor: z.string().nullable() }) } },
    },
  },
});

const getSiteRoute = createRoute({
  method: "get",
  path: "/admin/sites/{siteId}",
  tags: ["Admin"],
  summary: "One site",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: siteIdParam },
  responses: { 200: { description: "The site", content: { "application/json": { schema: site } } } },
});

export function registerAdminSites(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createSiteRoute, async (c) => {
    const body = c.req.valid("json");
    const row = await c.var.db
      .insert(sites)
      .values({
        id: newId("site"),
        name: body.name,
        defaultCurrency: body.default_currency,
        rateLimit: body.rate_limit?.limit ?? config(c.env).defaultRateLimit,
        rateWindowSeconds: body.rate_limit?.window_seconds ?? config(c.env).defaultRateWindowSeconds,
      })
      .returning()
      .get();
    return c.json(toSiteView(row), 201);
  });

  app.openapi(listSitesRoute, async (c) => {
    const { limit, after } = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(sites)
      .where(after ? gt(sites.id, after) : undefined)
      .orderBy(asc(sites.id))
      .limit(limit + 1);
    const more = rows.length > limit;
    const data = (more ? rows.slice(0, limit) : rows).map(toSiteView);
    return c.json({ data, next_cursor: more ? (data.at(-1)?.id ?? null) : null }, 200);
  });

  app.openapi(getSiteRoute, async (c) => {
    const row = await findSite(c.var.db, c.req.valid("param").siteId);
    if (!row) throw new ApiError({ code: "NOT_FOUND", message: "Site not found" });
    return c.json(toSiteView(row), 200);
  });
}
