// Money fields of the history surface (revenue, payout): JSON numbers ≥ 0 in the site's
// default currency, read exactly into integer minor units. A number with more decimals than the
// currency has (24.999 USD) is refused, never rounded.
import { numberToDecimalText, numberToMinorUnits } from "../../money";

export type AmountResult = { ok: true; minor: number } | { ok: false; reason: "missing" | "invalid"; error: string };

export function readAmount(value: unknown, field: string, currency: string): AmountResult {
  if (value === undefined || value === null) return { ok: false, reason: "missing", error: `${field} is required` };
  if (typeof value !== "number") {
    return { ok: false, reason: "invalid", error: `${field} must be a number, got ${describe(value)}` };
  }
  if (!Number.isFinite(value)) return { ok: false, reason: "invalid", error: `${field} must be a finite number` };
  if (value < 0) return { ok: false, reason: "invalid", error: `${field} must be 0 or more, got ${numberToDecimalText(value)}` };
  const parsed = numberToMinorUnits(value, currency);
  if (!parsed.ok) return { ok: false, reason: "invalid", error: `${field}: ${parsed.error.message}` };
  return { ok: true, minor: parsed.minor };
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}
