import { z } from "@hono/zod-openapi";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO 8601 date or date-time query parameter. */
export const isoDateOrDateTime = z
  .string()
  .refine((s) => (DATE.test(s) || /^\d{4}-\d{2}-\d{2}T/.test(s)) && !Number.isNaN(Date.parse(DATE.test(s) ? `${s}T00:00:00Z` : s)), {
    message: "must be an ISO 8601 date (YYYY-MM-DD) or date-time",
  });

/** Lower bound, inclusive, as stored text (`toISOString()` form). */
export function rangeStart(value: string): string {
  return new Date(DATE.test(value) ? `${value}T00:00:00Z` : value).toISOString();
}

/** Upper bound, exclusive: a date means the whole day, a date-time that instant inclusive. */
export function rangeEndExclusive(value: string): string {
  if (DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000).toISOString();
  return new Date(Date.parse(value) + 1).toISOString();
}
