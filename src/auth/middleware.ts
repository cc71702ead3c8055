import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { config } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { findSite } from "../sites";
import { isAccessTokenShape, verifyAccessToken } from "./access-token";
import { credentialFromHeaders } from "./credentials";
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
 * verified by signature alone.
 */
export async function authenticate(c: Context<AppEnv>, credential: string | undefined, options: AuthOptions = {}): Promise<Principal> {
  const kinds = options.kinds ?? ["secret"];
  // Read first, so a misconfigured Worker answers every authenticated request with its 503.
  const { tokenCacheSeconds, oauthSigningKey } = config(c.env);
  let principal: Principal | null = null;
  if (credential && isTokenShape(credential)) {
    principal = await principalForToken(c.var.db, credential, tokenCacheSeconds);
  } else if (credential && isAccessTokenShape(credential)) {
    principal = await verifyAccessToken(oauthSigningKey, credential);
  }
  if (!principal) throw invalidToken();
  if (!kinds.includes(principal.kind)) {
    throw new ApiError({ code: "FORBIDDEN", message: "This endpoint requires a secret token" });
  }
  c.set("principal", principal);
  return principal;
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
