// The one statement that writes ledger rows. Every writer builds its insert here from the
// columns it fills, so `INSERT INTO ledger` exists once, with one idempotency rule:
//
//   ON CONFLICT DO NOTHING: a row whose `id` or (`site_id`, `dedupe_key`) is already stored is
//   skipped, without error; the row stored first stays. A redelivered queue message, a client
//   retry or two concurrent imports of the same record therefore store it once. With
//   `returning`, each statement returns the ids of the rows it actually wrote.
//
// Encoding: rows travel as ONE bound JSON text per statement, expanded with json_each, each row
// a positional JSON array in the order of the shape's `perRow` columns (arrays, not objects:
// thousands of rows of keys add up). Values common to every row (site, source, currency, job…)
// are bound once as parameters. A statement therefore binds a handful of parameters whatever
// its row count (D1 allows 100), and rows are cut into statements of at most ~512 KB of JSON
// (src/db/json-rows.ts), normally one. JSON columns (labels, metadata) travel as JSON values and
// are stored as their JSON text; booleans as true/false, stored as 1/0.
//
// Optional parts of a shape:
// - `rowInputs`: per-row values that are not columns, appended to the row arrays, for `derived`;
// - `join`: tables joined to each row (e.g. the account schedule a month belongs to);
// - `derived`: a column computed in SQL from the values above and the joined tables, where that
//   is cheaper than sending it (an account upload's ~15,000 months take their schedule's type,
//   account name and metadata from the schedule rows written in the same transaction: sending
//   them per month made the insert 2 to 3 times slower);
// - `guard`: a condition with its own parameters; no row is written unless it holds (a batch
//   chunk's claim).
//
// The SQL text is built once per shape: writers build their shapes at module load and reuse
// them for every write.
import { getTableColumns } from "drizzle-orm";
import { chunkJsonRows } from "../db/json-rows";
import { ledger } from "../db/tables/ledger";
import type { LedgerColumn, LedgerRow } from "./row";

type RequiredColumn = { [K in LedgerColumn]-?: undefined extends LedgerRow[K] ? never : K }[LedgerColumn];

/** SQL references a derived column, a join or a guard may use. */
export type LedgerRefs<B extends LedgerColumn, R extends LedgerColumn, X extends string> = {
  /** The parameter holding a bound column's value (`?1`…). */
  bound(column: B): string;
  /** A per-row column's value in the row being written (a parenthesised expression). */
  row(column: R): string;
  /** A per-row input's value. */
  input(name: X): string;
  /** The guard's own i-th parameter (from 0), bound after the rows. */
  param(index: number): string;
};

export type LedgerInsertShape<B extends LedgerColumn, R extends LedgerColumn, X extends string, D extends LedgerColumn> = {
  /** Columns with one value for every row of a statement: bound once. */
  bound: readonly B[];
  /** Columns with a value per row, in the order of the row arrays. */
  perRow: readonly R[];
  /** Per-row values that are not columns (after the columns in the row arrays), for `derived`. */
  rowInputs?: readonly X[];
  /** SQL joined to each row (`CROSS JOIN t AS x ON …`), for `derived`. */
  join?: (refs: LedgerRefs<B, R, X>) => string;
  /** Columns computed in SQL from the values above and the joined tables. */
  derived?: { [K in D]: (refs: LedgerRefs<B, R, X>) => string };
  /** Rows are written only while this SQL condition holds; it has `params` parameters of its own. */
  guard?: { params: number; sql: (refs: LedgerRefs<B, R, X>) => string };
  /** Return the ids of the rows written. */
  returning?: boolean;
};

/** A type error naming the NOT NULL columns a shape leaves out. */
type Complete<Covered extends LedgerColumn> = [Exclude<RequiredColumn, Covered>] extends [never]
  ? unknown
  : { missingRequiredColumns: Exclude<RequiredColumn, Covered> };

/** One row as a writer hands it over: its per-row columns and inputs. */
export type LedgerInsertRow<R extends LedgerColumn, X extends string = never> = Pick<LedgerRow, R> & {
  readonly [K in X]: string | number | boolean | null;
};

const COLUMNS = getTableColumns(ledger);
const sqlName = (column: LedgerColumn): string => COLUMNS[column].name;

/** A bound parameter's value: D1 binds text, numbers and null; JSON columns as their text. */
function bindValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "object") return JSON.stringify(value);
  return value as string | number;
}

type AnyShape = LedgerInsertShape<LedgerColumn, LedgerColumn, string, LedgerColumn>;

function insertText(shape: AnyShape): string {
  const { bound, perRow } = shape;
  const inputs = shape.rowInputs ?? [];
  const rowsParam = bound.length + 1;
  const refs: LedgerRefs<LedgerColumn, LedgerColumn, string> = {
    bound: (c) => `?${bound.indexOf(c) + 1}`,
    // Parenthesised: `->>` binds no tighter than `||` in SQLite.
    row: (c) => `(r.value ->> '$[${perRow.indexOf(c)}]')`,
    input: (n) => `(r.value ->> '$[${perRow.length + inputs.indexOf(n)}]')`,
    param: (i) => `?${rowsParam + 1 + i}`,
  };
  const derived = Object.entries(shape.derived ?? {}) as [LedgerColumn, (r: typeof refs) => string][];
  const columns: [LedgerColumn, string][] = [
    ...bound.map((c) => [c, refs.bound(c)] as [LedgerColumn, string]),
    ...perRow.map((c) => [c, refs.row(c)] as [LedgerColumn, string]),
    ...derived.map(([c, f]) => [c, f(refs)] as [LedgerColumn, string]),
  ];
  const names = columns.map(([c]) => c);
  const repeated = names.find((c, i) => names.indexOf(c) !== i);
  if (repeated) throw new Error(`ledger insert shape names ${repeated} twice`);
  return `INSERT INTO ledger (${columns.map(([c]) => sqlName(c)).join(", ")})
SELECT ${columns.map(([, e]) => e).join(", ")}
FROM json_each(?${rowsParam}) AS r${shape.join ? `\n${shape.join(refs)}` : ""}
WHERE ${shape.guard ? shape.guard.sql(refs) : "true"}
ON CONFLICT DO NOTHING${shape.returning ? "\nRETURNING id" : ""}`;
}

function prepare(
  db: D1Database,
  text: string,
  boundValues: readonly unknown[],
  chunks: readonly string[],
  guardParams: readonly unknown[],
  expected: number,
) {
  if (guardParams.length !== expected) throw new Error(`ledger insert guard takes ${expected} parameters, got ${guardParams.length}`);
  const head = boundValues.map(bindValue);
  const tail = guardParams.map(bindValue);
  return chunks.map((chunk) => db.prepare(text).bind(...head, chunk, ...tail));
}

export type LedgerInsert<B extends LedgerColumn, R extends LedgerColumn, X extends string = never> = {
  readonly sql: string;
  /** The statements writing `rows` (one per ~512 KB of rows; none for no rows). */
  statements(
    db: D1Database,
    bound: Pick<LedgerRow, B>,
    rows: readonly LedgerInsertRow<R, X>[],
    guardParams?: readonly unknown[],
  ): D1PreparedStatement[];
};

/** The row type of an insert (`RowOf<typeof INSERT>`). */
export type RowOf<I> = I extends LedgerInsert<LedgerColumn, infer R, infer X> ? LedgerInsertRow<R, X> : never;

/** An insert: `bound` columns once per statement, `perRow` columns and `rowInputs` per row. */
export function ledgerInsert<B extends LedgerColumn, R extends LedgerColumn, X extends string = never, D extends LedgerColumn = never>(
  shape: LedgerInsertShape<B, R, X, D> & Complete<B | R | D>,
): LedgerInsert<B, R, X> {
  const s = shape as unknown as AnyShape;
  const text = insertText(s);
  const keys = [...s.perRow, ...(s.rowInputs ?? [])];
  return {
    sql: text,
    statements(db, bound, rows, guardParams = []) {
      if (rows.length === 0) return [];
      const b = bound as Record<string, unknown>;
      const jsonRows = rows.map((row) => {
        const r = row as Record<string, unknown>;
        return JSON.stringify(keys.map((k) => r[k] ?? null));
      });
      return prepare(
        db,
        text,
        s.bound.map((c) => b[c]),
        chunkJsonRows(jsonRows),
        guardParams,
        s.guard?.params ?? 0,
      );
    },
  };
}
