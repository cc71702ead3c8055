// Spreadsheet date cells are numbers (days since an epoch) with a date number format.

/** Built-in number formats that show a date (ECMA-376 §18.8.30, plus the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isBuiltinDateFormat(numFmtId: number): boolean {
  return BUILTIN_DATE_FORMATS.has(numFmtId);
}

/**
 * Whether a custom format code shows a date: it has a day or year token outside quoted text,
 * escapes and bracketed sections (`[Red]`, `[$-409]`, and elapsed-time `[h]`). Time-only
 * formats (`hh:mm`) are not dates; `m` alone is ambiguous (month or minute) and not enough.
 */
export function isDateFormatCode(code: string): boolean {
  const bare =
    code
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
      .replace(/\[[^\]]*\]/g, "")
      // Only the first section (positive numbers) describes how a date shows.
      .split(";")[0] ?? "";
  return /[dy]/i.test(bare) && !/^(general|@)$/i.test(bare.trim());
}

const DAY_MS = 86_400_000;
/** 1899-12-30: day 0 of the 1900 system once Lotus 1-2-3's fictitious 1900-02-29 is skipped. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A date serial as `YYYY-MM-DD` (time of day dropped), or undefined if out of range.
 * In the 1900 system serials below 61 are one day off, because serial 60 is the
 * non-existent 1900-02-29 that Excel keeps for compatibility.
 */
export function excelSerialToIsoDate(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465 /* 9999-12-31 */) return undefined;
  const days = Math.floor(serial);
  let ms: number;
  if (date1904) ms = EPOCH_1904 + days * DAY_MS;
  else if (days >= 61) ms = EPOCH_1900 + days * DAY_MS;
  else if (days === 60) return undefined;
  else ms = EPOCH_1900 + (days + 1) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}
