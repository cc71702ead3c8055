// CSV output (RFC 4180), with the spreadsheet formula-injection defence of OWASP's "CSV
// Injection" guidance for reports a person may open in Excel, LibreOffice or Google Sheets.
//
// A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by a
// spreadsheet as a formula (`=HYPERLINK(…)`, `-2+3+cmd|' /C calc'!A0`, …). Such a cell is written
// with a leading `'` and in double quotes, so it is shown as the text it is; a cell that holds a
// `;` or a tab is quoted too, so that a spreadsheet splitting on those (a `;` locale) cannot start
// a new cell in the middle of it. Numeric columns are never escaped (`-5.00` stays a number): a
// column named numeric is written as is when its cell is a plain decimal number, and numbers
// passed as numbers are always written as is.
import { z } from "@hono/zod-openapi";

export type CsvCell = string | number | boolean | null | undefined;

export type CsvOptions = {
  /** Escape formula-looking text cells (default false: raw RFC 4180). */
  escapeFormulas?: boolean;
  /** Positions of columns that hold numbers: a plain decimal there is never escaped. */
  numericColumns?: ReadonlySet<number>;
};

const NEEDS_QUOTES = /[",\r\n]/;
const NEEDS_QUOTES_ESCAPED = /[",\r\n;\t]/;
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Whether a spreadsheet would read `text` as a formula (its first character is = + - @ tab CR). */
export function looksLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** One CSV line (CRLF-terminated): fields with commas, quotes or line breaks are quoted. */
export function csvLine(fields: ReadonlyArray<CsvCell>, options: CsvOptions = {}): string {
  if (!options.escapeFormulas) {
    return (
      fields
        .map((f) => {
          const s = f === null || f === undefined ? "" : String(f);
          return NEEDS_QUOTES.test(s) ? quote(s) : s;
        })
        .join(",") + "\r\n"
    );
  }
  const numeric = options.numericColumns;
  return (
    fields
      .map((f, i) => {
        if (f === null || f === undefined) return "";
        if (typeof f !== "string") return String(f);
        if (looksLikeFormula(f) && !(numeric?.has(i) && PLAIN_DECIMAL.test(f.trim()))) return quote(`'${f}`);
        return NEEDS_QUOTES_ESCAPED.test(f) ? quote(f) : f;
      })
      .join(",") + "\r\n"
  );
}

/**
 * The query parameter of every CSV report: `escape_formulas=false` returns the cells exactly as
 * stored (for programs that read the CSV); the default escapes them for spreadsheets.
 */
export const escapeFormulasParam = z
  .enum(["true", "false"])
  .default("true")
  .openapi({
    description:
      "CSV only. `true` (default): text cells starting with =, +, -, @, tab or CR are written as `'` + the text, quoted, so a spreadsheet " +
      "shows them as text instead of running them as formulas (OWASP CSV injection); numeric columns are never changed. " +
      "`false`: every cell exactly as stored.",
    example: "true",
  });
