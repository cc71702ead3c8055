import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../../auth/access-token";
import { CLIENT_ID_SHAPE } from "../../auth/client-secret";
import { requireUsableSecret } from "../../auth/deployment-secrets";
import type { Principal } from "../../auth/principal";
import { hashSecret, timingSafeEqualText } from "../../auth/token-format";
import { config } from "../../config";
import { oauthClients, sites } from "../../db/schema";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { errorResponses, INTERNAL_ERROR, json, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { provideForm } from "../../http/request-body";
import { countingFailures } from "../../ratelimit/failed-auth";
import { applyRateLimit } from "../../ratelimit/middleware";
import { clientCredentials, oauthError } from "./client-credentials";

const PATH = "/oauth2/token";
const MAX_BODY_BYTES = 8 * 1024;

const tokenRequest = z
  .object({
    grant_type: z.literal("client_credentials"),
    client_id: z.string().optional().openapi({ description: "Or HTTP Basic" }),
    client_secret: z.string().optional().openapi({ description: "Or HTTP Basic" }),
    scope: z.string().optional().openapi({ description: "Ignored: an access token acts as a secret token of the client's site" }),
  })
  .openapi("OAuthTokenRequest", { description: "Other parameters are ignored; none may be repeated" });

const tokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ example: ACCESS_TOKEN_TTL_SECONDS }),
  })
  .openapi("OAuthToken");

const oauthErrorBody = z
  .object({
    error: z.enum(["invalid_request", "invalid_client", "unsupported_grant_type", "invalid_grant", "temporarily_unavailable"]),
    error_description: z.string(),
  })
  .openapi("OAuthError");

async function clientGrant(db: AppEnv["Variables"]["db"], clientId: string) {
  if (!CLIENT_ID_SHAPE.test(clientId)) return undefined;
  return db
    .select({ secretHash: oauthClients.secretHash, siteId: oauthClients.siteId, limit: sites.rateLimit, window: sites.rateWindowSeconds })
    .from(oauthClients)
    .innerJoin(sites, eq(sites.id, oauthClients.siteId))
    .where(and(eq(oauthClients.id, clientId), isNull(oauthClients.revokedAt)))
    .get();
}

/**
 * Reads the form in the RFC's words: only `application/x-www-form-urlencoded`, and no
 * parameter more than once (RFC 6749 §3.2), before any field is looked at.
 */
const readTokenForm = createMiddleware<AppEnv>(async function readTokenForm(c, next) {
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    throw oauthError("invalid_request", "Send the token request as application/x-www-form-urlencoded.");
  }
  // Decoded by hand: workerd warns when text() is called on a form-encoded body.
  const params = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  const form = new FormData();
  for (const [name, value] of params) {
    if (params.getAll(name).length > 1) throw oauthError("invalid_request", `The parameter ${name} is repeated.`);
    form.append(name, value);
  }
  provideForm(c, form, "application/x-www-form-urlencoded");
  await next();
});

export type PostOAuthTokenRequest = z.input<typeof tokenRequest>;
export type PostOAuthTokenResponse = z.infer<typeof tokenResponse>;

/** HTTP Basic, or the credentials in the body (no header). */
const tokenSecurity: Array<Record<string, string[]>> = [{ clientBasic: [] }, {}];

const tokenRoute = createRoute({
  method: "post",
  path: PATH,
  operationId: "createOAuthAccessToken",
  tags: ["OAuth2"],
  summary: "Exchange client credentials for an access token (1 hour)",
  description:
    "Form-encoded `grant_type=client_credentials&client_id=…&client_secret=…`, or the credentials in HTTP Basic (not both). " +
    "No parameter may be repeated; others are ignored. The body is at most 8 KiB. The token counts against the client's site " +
    "rate limit. Errors follow RFC 6749 §5.2: 400 `invalid_request` / `unsupported_grant_type`, 401 `invalid_client` " +
    "(unknown or revoked client, wrong secret; with a Basic challenge when Basic was used).",
  security: tokenSecurity,
  middleware: [
    // 413 like every body limit (contract §0), in the RFC 6749 error body.
    limitBody(MAX_BODY_BYTES, {
      tooLarge: () =>
        new ApiError({
          code: "PAYLOAD_TOO_LARGE",
          wireCode: "invalid_request",
          message: `The request body must not be larger than ${MAX_BODY_BYTES} bytes.`,
        }),
      unreadable: () => oauthError("invalid_request", "The request body could not be read."),
    }),
    readTokenForm,
  ] as const,
  request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: tokenRequest } } } },
  responses: {
    200: {
      description: "An access token",
      headers: { ...rateLimitHeaders, "Cache-Control": { description: "no-store", required: true, schema: { type: "string" } } },
      content: { "application/json": { schema: tokenResponse } },
    },
    ...errorResponses(json(oauthErrorBody), {
      400: "invalid_request (not form-encoded, a repeated parameter, no grant_type, credentials both in Basic and in the body, a body that could not be read) or unsupported_grant_type",
      401: "invalid_client: no credentials, unknown or revoked client, wrong secret (with WWW-Authenticate when Basic was used)",
      413: "The body is larger than 8 KiB (`invalid_request`)",
      429: "temporarily_unavailable: too many failed authentications from this address, or the client's site is over its rate limit (Retry-After)",
      503: "temporarily_unavailable: OAUTH_SIGNING_KEY is a committed default or weak outside local development, or the rate limiter could not be reached",
      500: INTERNAL_ERROR,
    }),
  },
});

/**
 * `POST /oauth2/token` — OAuth2 client credentials grant (RFC 6749 §4.4). The access token is
 * an HS256 JWT signed with OAUTH_SIGNING_KEY, valid for an hour and verified without a storage
 * lookup wherever a Bearer token is accepted, as a secret token of the client's site. So a
 * revoked client gets no new tokens at once, while tokens already issued live out their hour.
 */
export function registerOAuthToken(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "clientBasic", {
    type: "http",
    scheme: "basic",
    description: "OAuth2 client id and secret (token endpoint only)",
  });

  app.openapi(tokenRoute, async (c) => {
    // Nothing can be issued with a committed default or weak signing key (503, outside development).
    const settings = config(c.env);
    requireUsableSecret(settings, "OAUTH_SIGNING_KEY", settings.oauthSigningKey, "The OAuth2 token endpoint");
    // Every invalid_client counts as a failed authentication of the client's address (429 past the limit).
    const { credentials, client } = await countingFailures(c, async () => {
      const credentials = clientCredentials(c.req.header("authorization"), c.req.valid("form"));
      const client = await clientGrant(c.var.db, credentials.clientId);
      const presented = await hashSecret(credentials.clientSecret);
      // Compare hashes in constant time even for unknown clients, so timing tells nothing.
      const secretMatches = timingSafeEqualText(presented, client?.secretHash ?? "0".repeat(presented.length));
      if (!client || !secretMatches) throw oauthError("invalid_client", "Client authentication failed.", 401, credentials.via === "basic");
      return { credentials, client };
    });

    // Token requests count against the same budget as the client's API calls.
    const principal: Principal = {
      siteId: client.siteId,
      kind: "secret",
      tokenId: `oauth:${credentials.clientId}`,
      rateLimit: { limit: client.limit, windowSeconds: client.window },
      allowedOrigins: null,
    };
    await applyRateLimit(c, principal);
    const accessToken = await signAccessToken(settings.oauthSigningKey, {
      clientId: credentials.clientId,
      siteId: client.siteId,
      rateLimit: principal.rateLimit,
    });
    return c.json({ access_token: accessToken, token_type: "Bearer" as const, expires_in: ACCESS_TOKEN_TTL_SECONDS }, 200);
  });
}
