// OAuth2 access tokens (contract §1): HS256 JWTs signed with OAUTH_SIGNING_KEY, verified
// without a storage lookup. They act as a secret token of the client's site; the site's
// rate limit at issue time travels in the token so verification needs no D1 query either.
//
// What a token must carry to be accepted (README § Security):
// - `alg` HS256 (pinned: the header cannot choose another algorithm);
// - `iss` "revenue-edge" and `aud` "revenue-edge:api", so a JWT minted for something else with
//   the same key is not an access token here;
// - `iat` and `exp`, both required, with `exp - iat` at most ACCESS_TOKEN_TTL_SECONDS: a token
//   can never live longer than an hour, whoever signed it;
// - time checks allow CLOCK_SKEW_SECONDS either way (an `iat` slightly in the future, an `exp`
//   just past), as RFC 7519 §4.1.4 suggests, since the issuing and verifying isolates' clocks
//   may differ a little.
import { sign, verify } from "hono/jwt";
import { z } from "zod";
import type { Principal, RateLimitPolicy } from "./principal";

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const CLOCK_SKEW_SECONDS = 60;
export const ACCESS_TOKEN_ISSUER = "revenue-edge";
export const ACCESS_TOKEN_AUDIENCE = "revenue-edge:api";
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const seconds = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const claims = z.object({
  sub: z.string().min(1).max(128),
  site: z.string().min(1).max(128),
  rl: z.number().int().positive(),
  rw: z.number().int().positive(),
  iat: seconds,
  exp: seconds,
  nbf: seconds.optional(),
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
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
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

/** Why the (signature-checked) claims are not acceptable at `now`, or null. */
function timeProblem(c: z.infer<typeof claims>, now: number): string | null {
  if (c.exp <= c.iat) return "exp is not after iat";
  if (c.exp - c.iat > ACCESS_TOKEN_TTL_SECONDS) return "lifetime over the maximum";
  if (c.iat > now + CLOCK_SKEW_SECONDS) return "issued in the future";
  if (c.nbf !== undefined && c.nbf > now + CLOCK_SKEW_SECONDS) return "not valid yet";
  if (c.exp <= now - CLOCK_SKEW_SECONDS) return "expired";
  return null;
}

/** The principal of a valid, unexpired access token; null for anything else. */
export async function verifyAccessToken(
  signingKey: string,
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<Principal | null> {
  try {
    // Time claims are checked below, with leeway, once the signature is known to be good.
    const verified = await verify(token, signingKey, {
      alg: "HS256",
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      exp: false,
      nbf: false,
      iat: false,
    });
    const payload = claims.parse(verified);
    if (timeProblem(payload, nowSeconds) !== null) return null;
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
