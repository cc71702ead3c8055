import { z } from "@hono/zod-openapi";
import { INTERNAL_ERROR, RATE_LIMITER_UNAVAILABLE } from "../../http/error-responses";

/** A secret token of the site (or an OAuth2 access token acting as one). */
export const reportingSecurity = [{ bearer: [] }];

export const siteParam = z.object({ siteId: z.string().openapi({ description: "The site the token belongs to", example: "site_0123…" }) });

/** Errors every reporting route can give (authenticated, rate limited, `/{siteId}/` paths). */
export const reportingErrors = {
  401: "Missing or invalid token",
  403: "A public token, or the token belongs to another site",
  404: "No such site",
  429: "Rate limited, or too many failed authentications from this address",
  500: INTERNAL_ERROR,
  503: RATE_LIMITER_UNAVAILABLE,
} as const;
