import { z } from "@hono/zod-openapi";
import type { apiTokens, sites } from "../../db/schema";
import { INTERNAL_ERROR, idempotencyErrors, RATE_LIMITER_UNAVAILABLE } from "../../http/error-responses";
import { isCurrencyCode } from "../../money";

export const rateLimitInput = z
  .object({
    limit: z.number().int().min(1).max(1_000_000),
    window_seconds: z.number().int().min(1).max(86_400),
  })
  .openapi("RateLimit", { description: "requests per window" });

export const currencyCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isCurrencyCode, { message: "must be an active ISO 4217 currency code" });

export const site = z
  .object({
    id: z.string(),
    name: z.string(),
    default_currency: z.string(),
    rate_limit: rateLimitInput,
    created_at: z.string(),
  })
  .openapi("Site");

export const origin = z
  .string()
  .max(2048)
  .refine(
    (s) => {
      try {
        return new URL(s).origin === s;
      } catch {
        return false;
      }
    },
    { message: "must be an origin such as https://example.com (scheme, host, optional port; no path)" },
  );

export const token = z
  .object({
    id: z.string(),
    site_id: z.string(),
    kind: z.enum(["secret", "public"]),
    prefix: z.enum(["sec", "trk", "pub"]),
    name: z.string().nullable(),
    hint: z.string().openapi({ description: "The last four characters of the token" }),
    allowed_origins: z.array(z.string()).nullable(),
    // A union rather than .nullable(): the document generator drops the null of a nullable named schema.
    rate_limit: z.union([rateLimitInput, z.null()]).openapi({ description: "null: the site default applies" }),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi("Token");

export const siteIdParam = z.object({ siteId: z.string() });
export const tokenIdParam = z.object({ tokenId: z.string() });

export function toSiteView(row: typeof sites.$inferSelect): z.infer<typeof site> {
  return {
    id: row.id,
    name: row.name,
    default_currency: row.defaultCurrency,
    rate_limit: { limit: row.rateLimit, window_seconds: row.rateWindowSeconds },
    created_at: row.createdAt,
  };
}

export function toTokenView(row: typeof apiTokens.$inferSelect): z.infer<typeof token> {
  return {
    id: row.id,
    site_id: row.siteId,
    kind: row.kind,
    prefix: row.prefix,
    name: row.name,
    hint: row.tokenHint,
    allowed_origins: row.allowedOrigins ?? null,
    rate_limit:
      row.rateLimit !== null && row.rateWindowSeconds !== null ? { limit: row.rateLimit, window_seconds: row.rateWindowSeconds } : null,
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
  };
}

export const adminSecurity = [{ admin: [] }];

/** Errors of every admin route. */
export const adminErrors = {
  401: "Missing or wrong admin token",
  429: "Too many failed authentications from this address (Retry-After)",
  500: INTERNAL_ERROR,
  503: RATE_LIMITER_UNAVAILABLE,
} as const;

/** Errors of the admin creates (a JSON body of at most 1 MiB, an optional Idempotency-Key). */
export const adminBodyErrors = {
  ...adminErrors,
  400: "The body is not JSON or breaks the schema (`details` lists every problem), or a malformed Idempotency-Key",
  409: idempotencyErrors[409],
  413: "The body is larger than 1 MiB",
  415: "The body is not application/json",
  422: idempotencyErrors[422],
} as const;
