import { z } from "@hono/zod-openapi";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date (2026-02-30 is refused; Date.parse would roll it over to March). */
function isCalendarDate(text: string): boolean {
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** An ISO 8601 date or date-time query parameter. */
export const isoDateOrDateTime = z
  .string()
  .refine((s) => (DATE.test(s) ? isCalendarDate(s) : DATE_TIME.test(s) && isCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s))), {
    message: "must be an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:mm:ssZ)",
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
