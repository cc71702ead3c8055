import { z } from "@hono/zod-openapi";
import { INTERNAL_ERROR, nativeErrors, RATE_LIMITER_UNAVAILABLE } from "../../http/error-responses";
import { ApiError } from "../../http/errors";

// Shared by the web analytics and attribution endpoints (native API, secret tokens of the site).

export const analyticsSecurity: Array<Record<string, string[]>> = [{ bearer: [] }];

export const siteParam = z.object({
  siteId: z.string().openapi({ param: { name: "siteId", in: "path" }, example: "site_demo" }),
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** A UTC calendar day, `YYYY-MM-DD` (the rollups are per UTC day). */
export const isoDay = z.string().refine(isCalendarDate, { message: "must be a date (YYYY-MM-DD)" });

export const dayRangeQuery = {
  from: isoDay.optional().openapi({ description: "First UTC day, inclusive (default: 29 days before `to`)", example: "2026-01-01" }),
  to: isoDay.optional().openapi({ description: "Last UTC day, inclusive (default: today, UTC)", example: "2026-01-30" }),
};

export const DAY_MS = 86_400_000;
/** At most ten years per request: a day-bucket summary stays a few thousand rows. */
export const MAX_RANGE_DAYS = 3660;

export type DayRange = { from: string; to: string };

/** `from`/`to` with their defaults (the last 30 days), checked for order and length. */
export function resolveDayRange(q: { from?: string | undefined; to?: string | undefined }, now = new Date()): DayRange {
  const to = q.to ?? now.toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  const refuse = (message: string) =>
    new ApiError({
      code: "BAD_REQUEST",
      message,
      details: [
        { field: "from", message },
        { field: "to", message },
      ],
    });
  if (days < 1) throw refuse("from must not be after to");
  if (days > MAX_RANGE_DAYS) throw refuse(`from..to spans ${days} days; at most ${MAX_RANGE_DAYS}`);
  return { from, to };
}

/** Every error these endpoints can return (the native error body). */
export const analyticsErrorResponses = nativeErrors({
  400: "A query parameter is invalid (`details` names it)",
  401: "Missing or invalid token",
  403: "Not a secret token, or a token of another site",
  404: "No such site",
  429: "Rate limited, or too many failed authentications from this address",
  500: INTERNAL_ERROR,
  503: RATE_LIMITER_UNAVAILABLE,
});

/** `''` is how the rollups store "no value"; clients see null. */
export const noneToNull = (value: string | null): string | null => (value === "" || value === null ? null : value);
