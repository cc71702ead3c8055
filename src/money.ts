// Money is parsed from its decimal text and kept as integer minor units of its currency
// (ISO 4217 exponent). Nothing here goes through a float except reading a JSON number,
// whose shortest round-trip text (String(n)) is what the client wrote.
import { data as iso4217 } from "currency-codes";

/** Codes that are in ISO 4217 list one but are not money a ledger can hold. */
const NOT_MONEY = new Set(["XTS", "XXX"]);

/** ISO 4217 active code -> minor-unit exponent (USD 2, JPY 0, BHD 3). */
const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...iso4217.filter((c) => !NOT_MONEY.has(c.code)).map((c) => [c.code, c.digits] as const),
  // Caribbean guilder, active since 2025-03-31; newer than the currency-codes data (2024-06-25).
  ["XCG", 2],
]);

export function isCurrencyCode(code: string): boolean {
  return EXPONENTS.has(code);
}

/** Minor-unit exponent of an ISO 4217 currency, or undefined for an unknown code. */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

export type MoneyError =
  | { code: "not_a_number"; message: string }
  | { code: "unknown_currency"; message: string }
  | { code: "too_many_decimals"; message: string }
  | { code: "too_large"; message: string };

export type MinorUnitsResult = { ok: true; minor: number } | { ok: false; error: MoneyError };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

/**
 * Parses decimal text ("499.99", "-12", "1.234") into integer minor units of `currency`.
 * More decimals than the currency allows is an error, not a rounding: "1.005" USD is refused,
 * while trailing zeros ("1.500" USD) are fine because they do not change the value.
 */
export function toMinorUnits(text: string, currency: string): MinorUnitsResult {
  const exponent = EXPONENTS.get(currency);
  if (exponent === undefined) {
    return { ok: false, error: { code: "unknown_currency", message: `${currency} is not an ISO 4217 currency code` } };
  }
  const plain = plainMinorUnits(text, exponent);
  if (plain !== undefined) return { ok: true, minor: plain };
  const m = DECIMAL.exec(text.trim());
  if (!m) {
    return { ok: false, error: { code: "not_a_number", message: `${JSON.stringify(text)} is not a decimal number` } };
  }
  const sign = (m[1] ?? m[4]) === "-" ? -1n : 1n;
  const intPart = m[2] ?? "0";
  const fracRaw = m[3] ?? m[5] ?? "";
  const frac = fracRaw.replace(/0+$/, "");
  if (frac.length > exponent) {
    const allowed = exponent === 0 ? "no decimals" : `at most ${exponent} decimal${exponent === 1 ? "" : "s"}`;
    return {
      ok: false,
      error: { code: "too_many_decimals", message: `${text} has more decimals than ${currency} allows (${allowed})` },
    };
  }
  const digits = intPart + frac.padEnd(exponent, "0");
  // Up to 15 digits is below 2^53, so the integer is exact as a Number; BigInt only past that
  // (this runs once per row of 500,000-row batch files, where BigInt showed in profiles).
  if (digits.length <= 15) {
    const n = Number(digits);
    return { ok: true, minor: sign === -1n && n !== 0 ? -n : n };
  }
  const minor = sign * BigInt(digits);
  if (minor > MAX_SAFE || minor < -MAX_SAFE) {
    return { ok: false, error: { code: "too_large", message: `${text} is too large` } };
  }
  return { ok: true, minor: Number(minor) };
}

/**
 * Fast path of `toMinorUnits` for the common text (`-?digits[.digits]`, no spaces, at most 15
 * digits, no more significant decimals than the currency allows): one pass over the characters,
 * integer arithmetic below 2^53 only. Anything else returns undefined and takes the general
 * path, which gives the same value or the error. Runs once per row of 500,000-row batch files.
 */
function plainMinorUnits(text: string, exponent: number): number | undefined {
  const n = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  let value = 0;
  let digits = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    digits++;
  }
  if (digits === 0 || digits + exponent > 15) return undefined;
  let decimals = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      if (decimals < exponent) {
        value = value * 10 + d;
        decimals++;
      } else if (d !== 0) {
        return undefined; // more significant decimals than the currency allows: an error
      }
    }
  }
  for (; decimals < exponent; decimals++) value *= 10;
  return negative && value !== 0 ? -value : value;
}

/**
 * Decimal text of a JSON number as the client wrote it. `String(n)` gives the shortest text
 * that round-trips, except that it switches to exponent notation for tiny/huge values,
 * which we expand so the decimal parser sees plain digits.
 */
export function numberToDecimalText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const m = /^(-)?(\d)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return undefined;
  const digits = (m[2] ?? "") + (m[3] ?? "");
  const exp = Number(m[4]);
  const point = 1 + exp; // position of the decimal point within `digits`
  const body =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (m[1] ?? "") + body;
}

/**
 * A JSON number as exact minor units of `currency`: its decimal text as the client wrote it
 * (`numberToDecimalText`), parsed by `toMinorUnits`, so 24.999 USD is refused, never rounded.
 */
export function numberToMinorUnits(value: number, currency: string): MinorUnitsResult {
  const text = numberToDecimalText(value);
  if (text === undefined) return { ok: false, error: { code: "not_a_number", message: `${value} is not a finite number` } };
  return toMinorUnits(text, currency);
}

/** Minor units back to exact decimal text: 49999 USD -> "499.99", 1000 JPY -> "1000". */
export function formatMinorUnits(minor: number, currency: string): string {
  const exponent = EXPONENTS.get(currency) ?? 2;
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const body = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${body}` : body;
}

/**
 * A sum of minor units as a JSON number in major units (for fields the original APIs define
 * as numbers, e.g. `total_revenue`). Computed from the exact decimal text, so 4624 -> 46.24.
 */
export function minorUnitsToNumber(minor: number, currency: string): number {
  return Number(formatMinorUnits(minor, currency));
}
