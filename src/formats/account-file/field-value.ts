/**
 * A field as a reader found it, before the record rules apply. CSV and XML only have text;
 * XLSX cells also carry their type, so a number cell or a date cell is not re-guessed from
 * its display text.
 */
export type FieldValue =
  | { kind: "text"; text: string }
  /** A numeric cell; `text` is its exact decimal text (no exponent notation). */
  | { kind: "number"; text: string }
  /** A date cell, already converted to `YYYY-MM-DD`. */
  | { kind: "date"; iso: string };

/** One row of a file: its fields in order (missing fields are empty text). */
export type FileRow = FieldValue[];

export const EMPTY_FIELD: FieldValue = { kind: "text", text: "" };

export function fieldText(value: FieldValue): string {
  return value.kind === "date" ? value.iso : value.text;
}

export function isEmptyField(value: FieldValue): boolean {
  return value.kind === "text" && value.text.trim() === "";
}

/** Rows with nothing in them are not records (spreadsheets and editors leave them behind). */
export function isEmptyRow(row: FileRow): boolean {
  return row.every(isEmptyField);
}
