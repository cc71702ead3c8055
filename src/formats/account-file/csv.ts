import { type FileRow, isEmptyRow } from "./field-value";
import { MAX_FIELD_CHARS, MAX_FIELDS, MAX_RECORDS } from "./limits";
import { FileRefusal } from "./refusal";

export type CsvSeparator = "," | ";";

/**
 * Picks the separator from the first non-empty line, counting only characters outside quotes.
 * A line with only one kind decides by itself. With both (`Acme, Inc;12000;…` or
 * `Acme;1,234.12;…`), the one that splits the line into the expected 5 or 6 fields wins,
 * and then the more frequent one.
 */
export function detectCsvSeparator(text: string): CsvSeparator {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let seenContent = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) {
      if (seenContent) break;
    } else if (!inQuotes && ch === ",") commas++;
    else if (!inQuotes && ch === ";") semicolons++;
    if (ch !== "\n" && ch !== "\r" && ch !== " " && ch !== "\t") seenContent = true;
  }
  if (semicolons === 0) return ",";
  if (commas === 0) return ";";
  const fits = (n: number) => n + 1 === 5 || n + 1 === 6;
  if (fits(semicolons) && !fits(commas)) return ";";
  if (fits(commas) && !fits(semicolons)) return ",";
  return semicolons > commas ? ";" : ",";
}

/**
 * Reads CSV text (RFC 4180: quoted fields with embedded separators, quotes and newlines; CRLF
 * or LF) into rows of text fields. Lines with nothing in them are skipped. Reading stops with a
 * refusal as soon as there are more rows than a file may hold (1,000 records plus a header).
 */
export function readCsvRows(text: string, separator: CsvSeparator = detectCsvSeparator(text)): FileRow[] {
  const rows: FileRow[] = [];
  let fields: string[] = [];
  let field = "";
  let i = 0;
  let line = 1;
  let rowLine = 1;
  const n = text.length;

  const endField = () => {
    if (field.length > MAX_FIELD_CHARS) {
      throw new FileRefusal(`Line ${rowLine} has a field longer than ${MAX_FIELD_CHARS} characters.`);
    }
    fields.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    const row: FileRow = fields.map((t) => ({ kind: "text", text: t }));
    fields = [];
    if (isEmptyRow(row)) return;
    // A row far wider than a record is kept short: record rules report it as extra fields.
    if (row.length > MAX_FIELDS + 1) row.length = MAX_FIELDS + 1;
    rows.push(row);
    if (rows.length > MAX_RECORDS + 1) {
      throw new FileRefusal(`The file has more than ${MAX_RECORDS.toLocaleString("en-US")} records.`);
    }
  };

  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === "") {
      // Quoted field: runs to the next quote not doubled.
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= n) throw new FileRefusal(`A quoted field opened on line ${openedOn} is never closed.`);
        const q = text.indexOf('"', i);
        if (q < 0) throw new FileRefusal(`A quoted field opened on line ${openedOn} is never closed.`);
        const chunk = text.slice(i, q);
        for (const c of chunk) if (c === "\n") line++;
        field += chunk;
        if (field.length > MAX_FIELD_CHARS) {
          throw new FileRefusal(`Line ${openedOn} has a field longer than ${MAX_FIELD_CHARS} characters.`);
        }
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the separator (e.g. spaces) is kept as text.
      continue;
    }
    if (ch === separator) {
      endField();
      i++;
    } else if (ch === "\r" || ch === "\n") {
      endRow();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      // Plain run up to the next special character, appended at once (much faster than per char).
      let j = i + 1;
      while (j < n) {
        const c = text[j];
        if (c === separator || c === "\r" || c === "\n") break;
        j++;
      }
      field += text.slice(i, j);
      if (field.length > MAX_FIELD_CHARS) {
        throw new FileRefusal(`Line ${rowLine} has a field longer than ${MAX_FIELD_CHARS} characters.`);
      }
      i = j;
    }
  }
  if (field !== "" || fields.length > 0) endRow();
  return rows;
}
