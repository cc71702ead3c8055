import type { FieldValue } from "./field-value";

export type DateResult = { ok: true; iso: string } | { ok: false; message: string };

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/**
 * A start or end date (contract §6): `YYYY-MM-DD`, or `DD-MM-YYYY` when it cannot be misread.
 * `01-06-2016` could be 1 June (day first, as the original API's examples) or January 6
 * (month first, as many US exports write it), so it is refused with the reading spelled out;
 * `30-06-2016` (day over 12) and `01-01-2016` (both readings agree) are accepted.
 * XLSX date cells arrive as dates already.
 */
export function parseRecordDate(value: FieldValue, label: string): DateResult {
  if (value.kind === "date") return { ok: true, iso: value.iso };
  const text = value.text.trim();
  if (value.kind === "number") {
    return { ok: false, message: `The ${label} ${text} is a number, not a date: write it as YYYY-MM-DD or format the cell as a date.` };
  }
  if (text === "") return { ok: false, message: `The ${label} is required.` };
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(y, mo, d)) return { ok: false, message: `The ${label} ${text} is not a real date.` };
    return { ok: true, iso: iso(y, mo, d) };
  }
  m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(y, mo, d)) {
      return { ok: false, message: `The ${label} ${text} is not a real date in DD-MM-YYYY; write it as YYYY-MM-DD.` };
    }
    if (d <= 12 && d !== mo && isRealDate(y, d, mo)) {
      return {
        ok: false,
        message:
          `The ${label} ${text} is ambiguous (${d} ${MONTH_NAMES[mo - 1]} or ${MONTH_NAMES[d - 1]} ${mo}, ${y}); ` +
          `write it as YYYY-MM-DD, e.g. ${iso(y, mo, d)}.`,
      };
    }
    return { ok: true, iso: iso(y, mo, d) };
  }
  return { ok: false, message: `The ${label} ${JSON.stringify(text)} is not a date; write it as YYYY-MM-DD (e.g. 2016-01-31).` };
}
