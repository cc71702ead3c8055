import { and, eq, isNull } from "drizzle-orm";
import { apiTokens, sites } from "../db/schema";
import type { Db } from "../env";
import type { Principal } from "./principal";
import { hashSecret } from "./token-format";

/**
 * Token lookups are cached per isolate for TOKEN_CACHE_SECONDS (5 s by default), so a hot
 * client costs one D1 query per isolate per 5 s instead of one per request. Unknown tokens
 * are cached too (as null), so a client hammering with a revoked token is cheap as well.
 * Revocation and limit changes therefore reach every isolate within that lifetime; the
 * isolate that handles the admin call forgets at once.
 */
type Entry = { principal: Principal | null; expiresAt: number };
const MAX_ENTRIES = 10_000;
const cache = new Map<string, Entry>();

export async function principalForToken(db: Db, token: string, ttlSeconds: number): Promise<Principal | null> {
  const tokenHash = await hashSecret(token);
  const now = Date.now();
  const hit = cache.get(tokenHash);
  if (hit && hit.expiresAt > now) return hit.principal;

  const row = await db
    .select({
      id: apiTokens.id,
      siteId: apiTokens.siteId,
      kind: apiTokens.kind,
      allowedOrigins: apiTokens.allowedOrigins,
      tokenLimit: apiTokens.rateLimit,
      tokenWindow: apiTokens.rateWindowSeconds,
      siteLimit: sites.rateLimit,
      siteWindow: sites.rateWindowSeconds,
    })
    .from(apiTokens)
    .innerJoin(sites, eq(sites.id, apiTokens.siteId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get();

  const principal: Principal | null = row
    ? {
        siteId: row.siteId,
        kind: row.kind,
        tokenId: row.id,
        rateLimit: {
          limit: row.tokenLimit ?? row.siteLimit,
          windowSeconds: row.tokenWindow ?? row.siteWindow,
        },
        allowedOrigins: row.allowedOrigins ?? null,
      }
    : null;

  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(tokenHash, { principal, expiresAt: now + ttlSeconds * 1000 });
  return principal;
}

/** Drops cached lookups of the given token ids in this isolate (revocation, limit changes). */
export function forgetTokens(tokenIds: ReadonlySet<string>): void {
  for (const [hash, entry] of cache) if (entry.principal && tokenIds.has(entry.principal.tokenId)) cache.delete(hash);
}
