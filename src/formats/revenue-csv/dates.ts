// Dates of the revenue batch surface (contract §5): `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm:ss` and
// `yyyy-MM-ddTHH:mm:ss.f…` with 1 to 7 fraction digits (.NET ticks), always UTC, a real
// calendar date, and not in the future. A trailing `Z` is accepted because it only restates
// UTC; any other offset is refused rather than converted.
//
// Parsed by hand from the digits (no Date parsing, which accepts far more than these formats
// and silently rolls 2023-02-30 over to March).

/** An instant with .NET tick precision (100 ns), kept as two integers (no string per row). */
export type RevenueDate = {
  /** Milliseconds since the epoch. */
  epochMs: number;
  /** The 4 fraction digits below the millisecond (0–9999). */
  subMs: number;
};

const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:?\d{2}$/;
const MS_PER_DAY = 86_400_000;
const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const TEN_POWERS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];

export const DATE_FORMATS_TEXT = "yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss or yyyy-MM-ddTHH:mm:ss.fffffff (UTC)";

/** ISO 8601 with milliseconds, as the ledger stores `occurred_at`: `2024-01-31T00:00:00.000Z`. */
export function isoMillis(date: RevenueDate): string {
  return new Date(date.epochMs).toISOString();
}

/**
 * Canonical text with all 7 fraction digits: `2024-01-31T00:00:00.0000000Z`. Two texts for the
 * same instant ("2024-01-31" and "2024-01-31T00:00:00") give the same canonical text, so it is
 * what duplicate keys are made of.
 */
export function canonicalDate(date: RevenueDate): string {
  const iso = new Date(date.epochMs).toISOString();
  return `${iso.slice(0, 23)}${String(date.subMs).padStart(4, "0")}Z`;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Value of `count` ASCII digits at `at`, or -1 if any of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1; // also NaN past the end of the text
    n = n * 10 + d;
  }
  return n;
}

/**
 * Reads one date field into `out` (reused across rows: no allocation per row) and returns
 * null, or the message saying what is wrong. `nowMs` is the request's clock: a date after it is
 * "in the future". `label` names the field in messages ("RevenueClosedDate", "LeadDate").
 * Read position by position rather than with a regular expression: it runs twice per row of a
 * 500,000-row file.
 */
export function readRevenueDate(text: string, nowMs: number, label: string, out: RevenueDate): string | null {
  let length = text.length;
  if (length > 19 && text.charCodeAt(length - 1) === 90 /* Z */) length--;
  let h = 0;
  let mi = 0;
  let s = 0;
  let fractionDigits = 0;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  let shape = y >= 0 && mo >= 0 && d >= 0 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH;
  if (shape && length > 10) {
    h = digits(text, 11, 2);
    mi = digits(text, 14, 2);
    s = digits(text, 17, 2);
    shape =
      length >= 19 &&
      text.charCodeAt(10) === T &&
      text.charCodeAt(13) === COLON &&
      text.charCodeAt(16) === COLON &&
      h >= 0 &&
      mi >= 0 &&
      s >= 0;
    if (shape && length > 19) {
      fractionDigits = length - 20;
      shape = text.charCodeAt(19) === DOT && fractionDigits >= 1 && fractionDigits <= 7 && digits(text, 20, fractionDigits) >= 0;
    }
  } else if (length !== 10) {
    shape = false;
  }
  if (!shape) {
    const why = OFFSET.test(text) ? "must be UTC without an offset" : `must be ${DATE_FORMATS_TEXT}`;
    return `${label} ${JSON.stringify(text)} ${why}`;
  }
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    return `${label} ${JSON.stringify(text)} is not a real calendar date`;
  }
  if (h > 23 || mi > 59 || s > 59) {
    return `${label} ${JSON.stringify(text)} is not a real time of day`;
  }
  // The fraction as 7 digits (ticks), without building a string.
  const ticks = fractionDigits === 0 ? 0 : digits(text, 20, fractionDigits) * TEN_POWERS[7 - fractionDigits]!;
  const epochMs = daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + Math.floor(ticks / 10_000);
  const subMs = ticks % 10_000;
  // Strictly after now, counting the sub-millisecond digits too.
  if (epochMs > nowMs || (epochMs === nowMs && subMs > 0)) {
    return `${label} ${JSON.stringify(text)} is in the future`;
  }
  out.epochMs = epochMs;
  out.subMs = subMs;
  return null;
}
