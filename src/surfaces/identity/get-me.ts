import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { INTERNAL_ERROR, nativeErrors, RATE_LIMITER_UNAVAILABLE, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { rateLimit } from "../../ratelimit/middleware";
import { findSite } from "../../sites";

export const meResponse = z
  .object({
    site: z.object({
      id: z.string(),
      name: z.string(),
      default_currency: z.string().openapi({ example: "USD" }),
    }),
    token: z.object({
      id: z.string().openapi({ description: "The API token id, or `oauth:<client_id>` for an OAuth2 access token" }),
      kind: z.enum(["secret", "public"]),
      type: z.enum(["api_token", "oauth_access_token"]),
      rate_limit: z
        .object({ limit: z.number().int(), window_seconds: z.number().int() })
        .openapi({ description: "Requests per window that apply to this token" }),
    }),
  })
  .openapi("Me");

export type MeResponse = z.infer<typeof meResponse>;

export const getMeRoute = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  tags: ["Reporting"],
  summary: "Who this token is: its site, the site's default currency, the token kind and its rate limit",
  description:
    "Accepts secret and public API tokens and OAuth2 access tokens in any documented header. Counts against the token's rate limit like any other call, so the `RateLimit-*` headers show what is left.",
  security: [{ bearer: [] }, { apiKey: [] }, { apiToken: [] }],
  middleware: [requireToken({ kinds: ["secret", "public"] }), rateLimit()] as const,
  responses: {
    200: { description: "The token's identity", headers: rateLimitHeaders, content: { "application/json": { schema: meResponse } } },
    ...nativeErrors({
      401: "Missing, malformed, unknown or revoked token",
      404: "The token's site no longer exists",
      429: "Rate limited, or too many failed authentications from this address",
      500: INTERNAL_ERROR,
      503: RATE_LIMITER_UNAVAILABLE,
    }),
  },
});

export function registerGetMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getMeRoute, async (c) => {
    const p = c.var.principal;
    const site = await findSite(c.var.db, p.siteId);
    if (!site) throw new ApiError({ code: "NOT_FOUND", message: `Site ${p.siteId} not found` });
    const body: MeResponse = {
      site: { id: site.id, name: site.name, default_currency: site.defaultCurrency },
      token: {
        id: p.tokenId,
        kind: p.kind,
        type: p.tokenId.startsWith("oauth:") ? "oauth_access_token" : "api_token",
        rate_limit: { limit: p.rateLimit.limit, window_seconds: p.rateLimit.windowSeconds },
      },
    };
    return c.json(body, 200);
  });
}
