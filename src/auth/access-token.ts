// OAuth2 access tokens (contract §1): HS256 JWTs signed with OAUTH_SIGNING_KEY, verified
// without a storage lookup. They act as a secret token of the client's site; the site's
// rate limit at issue time travels in the token so verification needs no D1 query either.
import { sign, verify } from "hono/jwt";
import { z } from "zod";
import type { Principal, RateLimitPolicy } from "./principal";

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "revenue-edge";
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const claims = z.object({
  sub: z.string(),
  site: z.string(),
  rl: z.number().int().positive(),
  rw: z.number().int().positive(),
});

export function isAccessTokenShape(value: string): boolean {
  return value.length <= 2048 && JWT_SHAPE.test(value);
}

export async function signAccessToken(
  signingKey: string,
  grant: { clientId: string; siteId: string; rateLimit: RateLimitPolicy },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  return sign(
    {
      iss: ISSUER,
      sub: grant.clientId,
      site: grant.siteId,
      rl: grant.rateLimit.limit,
      rw: grant.rateLimit.windowSeconds,
      iat: nowSeconds,
      exp: nowSeconds + ACCESS_TOKEN_TTL_SECONDS,
    },
    signingKey,
    "HS256",
  );
}

/** The principal of a valid, unexpired access token; null for anything else. */
export async function verifyAccessToken(signingKey: string, token: string): Promise<Principal | null> {
  try {
    const payload = claims.parse(await verify(token, signingKey, { alg: "HS256", iss: ISSUER }));
    return {
      siteId: payload.site,
      kind: "secret",
      tokenId: `oauth:${payload.sub}`,
      rateLimit: { limit: payload.rl, windowSeconds: payload.rw },
      allowedOrigins: null,
    };
  } catch {
    return null;
  }
}
