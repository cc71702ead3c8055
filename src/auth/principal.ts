import type { TokenKind } from "./token-format";

export type RateLimitPolicy = { limit: number; windowSeconds: number };

/** Who is calling: resolved from an API token or an OAuth2 access token. */
export type Principal = {
  siteId: string;
  kind: TokenKind;
  /** The API token id, or `oauth:<client_id>` for access tokens; the rate-limit identity. */
  tokenId: string;
  rateLimit: RateLimitPolicy;
  /** Allowed browser origins of a public token; null = any origin. */
  allowedOrigins: string[] | null;
};
