import { numberToDecimalText } from "../../money";
import { excelSerialToIsoDate } from "./excel-date";
import { EMPTY_FIELD, type FieldValue, type FileRow, isEmptyField, isEmptyRow } from "./field-value";
import { MAX_FIELD_CHARS, MAX_FIELDS, MAX_RECORDS, MAX_SHEET_COLUMNS } from "./limits";
import { FileRefusal } from "./refusal";
import type { XlsxPackage } from "./xlsx-package";
import { attribute } from "./xml-parser";

export type SheetContext = {
  sharedStrings: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
};

/** "C12" -> 2 (zero-based column), or undefined when the reference has no letters. */
function columnOf(ref: string): number | undefined {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
    if (col > MAX_SHEET_COLUMNS) throw new FileRefusal(`The XLSX file has a cell reference out of range (${ref.slice(0, 12)}).`);
  }
  return i === 0 ? undefined : col - 1;
}

type Cell = { col: number; type: string; style: number; value: string; inValue: boolean };

function cellValue(cell: Cell, ctx: SheetContext): FieldValue {
  const v = cell.value;
  switch (cell.type) {
    case "s": {
      const s = ctx.sharedStrings[Number(v)];
      if (s === undefined) throw new FileRefusal("The XLSX file refers to a shared string that does not exist.");
      return { kind: "text", text: s };
    }
    case "inlineStr":
    case "str":
    case "e":
      return { kind: "text", text: v };
    case "b":
      return { kind: "text", text: v === "1" ? "TRUE" : "FALSE" };
    case "d": {
      // ISO 8601 date cells (strict Open XML); the time of day is dropped.
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(v.trim());
      return m?.[1] ? { kind: "date", iso: m[1] } : { kind: "text", text: v };
    }
    default: {
      if (v.trim() === "") return EMPTY_FIELD;
      const n = Number(v);
      if (!Number.isFinite(n)) return { kind: "text", text: v };
      if (ctx.dateStyles.has(cell.style)) {
        const iso = excelSerialToIsoDate(n, ctx.date1904);
        if (iso) return { kind: "date", iso };
      }
      // Shortest round-trip text: Excel writes 1234.12 as "1234.1199999999999".
      return { kind: "number", text: numberToDecimalText(n) ?? v };
    }
  }
}

/**
 * Reads the rows of a worksheet, streaming: cells are placed by their reference (sparse rows
 * get empty fields in the gaps), typed by their `t` attribute and style (date formats become
 * dates), and empty rows are skipped. Only the first MAX_FIELDS + 1 columns are kept; any
 * non-empty cell further right lands in the extra column, so the record rules can report it.
 */
export function readSheetRows(pkg: XlsxPackage, path: string, ctx: SheetContext): FileRow[] {
  const rows: FileRow[] = [];
  let row: FileRow | undefined;
  let nextCol = 0;
  let cell: Cell | undefined;
  let inInlineText = false;
  let inPhonetic = false;

  pkg.readXml(path, {
    open(name, attrs) {
      if (name === "row") {
        row = [];
        nextCol = 0;
      } else if (name === "c" && row) {
        const ref = attribute(attrs, "r");
        const col = (ref !== undefined ? columnOf(ref) : undefined) ?? nextCol;
        cell = { col, type: attribute(attrs, "t") ?? "n", style: Number(attribute(attrs, "s") ?? "0"), value: "", inValue: false };
        nextCol = col + 1;
      } else if (name === "v" && cell) cell.inValue = true;
      else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && cell && !inPhonetic) inInlineText = true;
    },
    text(t) {
      if (!cell || !(cell.inValue || inInlineText)) return;
      cell.value += t;
      if (cell.value.length > MAX_FIELD_CHARS) {
        throw new FileRefusal(`The XLSX file has a cell longer than ${MAX_FIELD_CHARS} characters.`);
      }
    },
    close(name) {
      if (name === "v" && cell) cell.inValue = false;
      else if (name === "t") inInlineText = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "c" && cell && row) {
        const value = cellValue(cell, ctx);
        const at = Math.min(cell.col, MAX_FIELDS);
        if (!isEmptyField(value) && (at < MAX_FIELDS || row[at] === undefined || isEmptyField(row[at]))) row[at] = value;
        cell = undefined;
      } else if (name === "row" && row) {
        const filled: FileRow = Array.from(row, (f) => f ?? EMPTY_FIELD);
        row = undefined;
        if (isEmptyRow(filled)) return;
        rows.push(filled);
        if (rows.length > MAX_RECORDS + 1) {
          throw new FileRefusal(`The file has more than ${MAX_RECORDS.toLocaleString("en-US")} records.`);
        }
      }
    },
  });
  return rows;
}
