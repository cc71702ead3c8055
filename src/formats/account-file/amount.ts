import { toMinorUnits } from "../../money";
import { type FieldValue, fieldText } from "./field-value";

export type AmountResult = { ok: true; minor: number } | { ok: false; message: string };

/** Digits with the separators people write numbers with: `1,234.12`, `1.234,12`, `12 000`. */
const NUMBER_LIKE = /^[+-]?[\d.,' \u00a0\u202f]*\d[\d.,' \u00a0\u202f]*$/;

/** Whether a field reads as a number at all (used to tell a header row from a record). */
export function looksLikeNumber(value: FieldValue): boolean {
  return value.kind === "number" || (value.kind === "text" && NUMBER_LIKE.test(value.text.trim()));
}

/**
 * The whole number a client most likely meant, for the refusal message ("send 1234"), or
 * undefined when it cannot be told: a single `.` or `,` followed by exactly three digits is
 * either a thousands separator or a decimal point.
 */
export function suggestWholeNumber(text: string): string | undefined {
  const compact = text.trim().replace(/[' \u00a0\u202f]/g, "");
  const m = /^([+-]?)(\d[\d.,]*)$/.exec(compact);
  if (!m) return undefined;
  const sign = m[1] === "-" ? "-" : "";
  const body = m[2] ?? "";
  const separators = body.match(/[.,]/g) ?? [];
  const last = Math.max(body.lastIndexOf("."), body.lastIndexOf(","));
  let integer: string;
  if (separators.length === 0) integer = body;
  else if (new Set(separators).size === 2)
    integer = body.slice(0, last); // 1,234.12 or 1.234,12: last one is decimal
  else if (separators.length > 1) {
    // 1,234,567: repeated separator, so thousands; groups after the first must be 3 digits.
    if (
      !body
        .split(/[.,]/)
        .slice(1)
        .every((g) => g.length === 3)
    )
      return undefined;
    integer = body;
  } else if (body.length - last - 1 === 3)
    return undefined; // 1,234 / 1.234: ambiguous
  else integer = body.slice(0, last); // 1234.5 / 1234,50: decimals
  const digits = integer.replace(/[.,]/g, "").replace(/^0+(?=\d)/, "") || "0";
  return sign + digits;
}

/**
 * A revenue amount (contract §6): a whole number with no thousands separators or decimals,
 * in major units of `currency`, returned as minor units. `1,234.12` is refused with a message
 * saying to send `1234`, as the original API documents.
 */
export function parseWholeAmount(value: FieldValue, currency: string): AmountResult {
  if (value.kind === "date") {
    return { ok: false, message: `The revenue amount is a date (${value.iso}), not a number.` };
  }
  const text = fieldText(value).trim();
  if (text === "") return { ok: false, message: "The revenue amount is required." };
  if (/^\+?\d+$/.test(text)) {
    const parsed = toMinorUnits(text.replace(/^\+/, ""), currency);
    if (!parsed.ok) return { ok: false, message: `The revenue amount ${text} is too large.` };
    return { ok: true, minor: parsed.minor };
  }
  if (/^-\d+$/.test(text)) return { ok: false, message: `The revenue amount ${text} is negative; amounts must be 0 or more.` };
  if (NUMBER_LIKE.test(text)) {
    const suggestion = suggestWholeNumber(text);
    const example = suggestion !== undefined ? `send ${suggestion} for ${text}` : "for example, 1,234.12 must be sent as 1234";
    return {
      ok: false,
      message: `The revenue amount ${text} is not a whole number: send it without thousands separators or decimals (${example}).`,
    };
  }
  return { ok: false, message: `The revenue amount ${JSON.stringify(text)} is not a number.` };
}
