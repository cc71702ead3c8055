import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../../auth/access-token";
import { CLIENT_ID_SHAPE } from "../../auth/client-secret";
import { requireUsableSecret } from "../../auth/deployment-secrets";
import type { Principal } from "../../auth/principal";
import { hashSecret, timingSafeEqualText } from "../../auth/token-format";
import { config } from "../../config";
import { oauthClients, sites } from "../../db/schema";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import { ApiError } from "../../http/errors";
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
  .openapi("OAuthTokenRequest");

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
 * `POST /oauth2/token` — OAuth2 client credentials grant (RFC 6749 §4.4). The access token is
 * an HS256 JWT signed with OAUTH_SIGNING_KEY, valid for an hour and verified without a storage
 * lookup wherever a Bearer token is accepted, as a secret token of the client's site. So a
 * revoked client gets no new tokens at once, while tokens already issued live out their hour.
 */
export function registerOAuthToken(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: PATH,
    tags: ["OAuth2"],
    summary: "Exchange client credentials for an access token (1 hour)",
    description:
      "Form-encoded `grant_type=client_credentials&client_id=…&client_secret=…`, or the credentials in HTTP Basic. " +
      "Errors follow RFC 6749 §5.2: 400 `invalid_request` / `unsupported_grant_type`, 401 `invalid_client` (unknown or revoked client, wrong secret).",
    security: [{}, { clientBasic: [] }],
    request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: tokenRequest } } } },
    responses: {
      200: { description: "An access token", content: { "application/json": { schema: tokenResponse } } },
      400: { description: "invalid_request, unsupported_grant_type", content: { "application/json": { schema: oauthErrorBody } } },
      401: { description: "invalid_client", content: { "application/json": { schema: oauthErrorBody } } },
      413: { description: "Body over 8 KiB (`invalid_request`)", content: { "application/json": { schema: oauthErrorBody } } },
      429: {
        description: "temporarily_unavailable: too many failed authentications from this address, or the client's rate limit (Retry-After)",
        content: { "application/json": { schema: oauthErrorBody } },
      },
      503: {
        description: "temporarily_unavailable: OAUTH_SIGNING_KEY is a committed default or weak outside local development",
        content: { "application/json": { schema: oauthErrorBody } },
      },
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "clientBasic", {
    type: "http",
    scheme: "basic",
    description: "OAuth2 client id and secret (token endpoint only)",
  });

  app.post(
    PATH,
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
    async (c) => {
      c.header("Cache-Control", "no-store");
      c.header("Pragma", "no-cache");
      const contentType = c.req.header("content-type") ?? "";
      if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
        throw oauthError("invalid_request", "Send the token request as application/x-www-form-urlencoded.");
      }
      // Decoded by hand: workerd warns when text() is called on a form-encoded body.
      const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
      for (const name of new Set(form.keys())) {
        if (form.getAll(name).length > 1) throw oauthError("invalid_request", `The parameter ${name} is repeated.`);
      }
      const grantType = form.get("grant_type");
      if (!grantType) throw oauthError("invalid_request", "grant_type is required (client_credentials).");
      if (grantType !== "client_credentials") {
        throw oauthError(
          "unsupported_grant_type",
          `The grant type ${JSON.stringify(grantType.slice(0, 64))} is not supported; use client_credentials.`,
        );
      }
      // Nothing can be issued with a committed default or weak signing key (503, outside development).
      const settings = config(c.env);
      requireUsableSecret(settings, "OAUTH_SIGNING_KEY", settings.oauthSigningKey, "The OAuth2 token endpoint");
      // Every invalid_client counts as a failed authentication of the client's address (429 past the limit).
      const { credentials, client } = await countingFailures(c, async () => {
        const credentials = clientCredentials(c.req.header("authorization"), form);
        const client = await clientGrant(c.var.db, credentials.clientId);
        const presented = await hashSecret(credentials.clientSecret);
        // Compare hashes in constant time even for unknown clients, so timing tells nothing.
        const secretMatches = timingSafeEqualText(presented, client?.secretHash ?? "0".repeat(presented.length));
        if (!client || !secretMatches)
          throw oauthError("invalid_client", "Client authentication failed.", 401, credentials.via === "basic");
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
    },
  );
}
