import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { type Config, config } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { countingFailures } from "../ratelimit/failed-auth";
import { findSite } from "../sites";
import { isAccessTokenShape, verifyAccessToken } from "./access-token";
import { credentialFromHeaders } from "./credentials";
import { secretProblem } from "./deployment-secrets";
import type { Principal } from "./principal";
import { isTokenShape } from "./token-format";
import { principalForToken } from "./token-store";

export type AuthOptions = {
  /** Token kinds allowed on the route (default: secret only). */
  kinds?: ReadonlyArray<Principal["kind"]>;
};

const invalidToken = () => new ApiError({ code: "UNAUTHORIZED", message: "Invalid API token" });

/**
 * Resolves a credential to a principal, or throws 401. Malformed strings are refused before
 * any storage lookup; API tokens go through the per-isolate cache; OAuth2 access tokens are
 * verified by signature alone. Every 401 counts as a failed authentication of the client's
 * address (src/ratelimit/failed-auth.ts): over AUTH_FAILURE_LIMIT it becomes a 429.
 */
export async function authenticate(c: Context<AppEnv>, credential: string | undefined, options: AuthOptions = {}): Promise<Principal> {
  const kinds = options.kinds ?? ["secret"];
  // Read first, so a misconfigured Worker answers every authenticated request with its 503.
  const settings = config(c.env);
  // A client address with too many failures is refused before any lookup (429).
  const principal = await countingFailures(c, async () => {
    const found = await resolveCredential(c, settings, credential);
    if (!found) throw invalidToken();
    return found;
  });
  if (!kinds.includes(principal.kind)) {
    throw new ApiError({ code: "FORBIDDEN", message: "This endpoint requires a secret token" });
  }
  c.set("principal", principal);
  return principal;
}

async function resolveCredential(c: Context<AppEnv>, settings: Config, credential: string | undefined): Promise<Principal | null> {
  if (credential && isTokenShape(credential)) {
    return principalForToken(c.var.db, credential, settings.tokenCacheSeconds);
  }
  if (credential && isAccessTokenShape(credential)) {
    // A deployment whose signing key is a committed default or weak accepts no access token.
    if (secretProblem(settings, "OAUTH_SIGNING_KEY", settings.oauthSigningKey) !== null) return null;
    return verifyAccessToken(settings.oauthSigningKey, credential);
  }
  return null;
}

/** Route middleware: authenticates the credential in the request headers. */
export function requireToken(options: AuthOptions = {}): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function requireToken(c, next) {
    await authenticate(c, credentialFromHeaders(c.req.raw.headers), options);
    await next();
  });
}

/**
 * Route middleware for `/…/{siteId}/…` paths: the principal's site must be the path's site.
 * Another site's id → 403; an id that names no site → 404.
 */
export function requireSiteInPath(): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function requireSiteInPath(c, next) {
    const siteId = c.req.param("siteId");
    if (!siteId || siteId !== c.var.principal.siteId) {
      const site = siteId ? await findSite(c.var.db, siteId) : undefined;
      if (!site) throw new ApiError({ code: "NOT_FOUND", message: `Site ${siteId ?? ""} not found` });
      throw new ApiError({ code: "FORBIDDEN", message: "This token does not belong to this site" });
    }
    await next();
  });
}
