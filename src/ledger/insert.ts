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
// - `perGroup`: values shared by a group of rows travel once per group, with the group's rows
//   nested (an account schedule and its months);
// - `derived`: a column computed in SQL from the other values, e.g. a look-up in another table
//   of the same transaction (the account's displayed name);
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

/** SQL references a derived column or a guard may use. */
export type LedgerRefs<B extends LedgerColumn, R extends LedgerColumn, G extends string> = {
  /** The parameter holding a bound column's value (`?1`…). */
  bound(column: B): string;
  /** A per-row column's value in the row being written. */
  row(column: R): string;
  /** A per-group column's or input's value. */
  group(name: G): string;
  /** The guard's own i-th parameter (from 0), bound after the rows. */
  param(index: number): string;
};

export type LedgerInsertShape<B extends LedgerColumn, R extends LedgerColumn, G extends LedgerColumn, X extends string, D extends LedgerColumn> = {
  /** Columns with one value for every row of a statement: bound once. */
  bound: readonly B[];
  /** Columns with a value per row, in the order of the row arrays. */
  perRow: readonly R[];
  /** Columns with a value per group of rows (grouped inserts only). */
  perGroup?: readonly G[];
  /** Per-group values that are not columns, for `derived` (grouped inserts only). */
  groupInputs?: readonly X[];
  /** Columns computed in SQL from the values above. */
  derived?: { [K in D]: (refs: LedgerRefs<B, R, G | X>) => string };
  /** Rows are written only while this SQL condition holds; it has `params` parameters of its own. */
  guard?: { params: number; sql: (refs: LedgerRefs<B, R, G | X>) => string };
  /** Return the ids of the rows written. */
  returning?: boolean;
};

/** A type error naming the NOT NULL columns a shape leaves out. */
type Complete<Covered extends LedgerColumn> = [Exclude<RequiredColumn, Covered>] extends [never]
  ? unknown
  : { missingRequiredColumns: Exclude<RequiredColumn, Covered> };

export type LedgerGroup<G extends LedgerColumn, X extends string, R extends LedgerColumn> = Pick<LedgerRow, G> & {
  readonly [K in X]: string | number | boolean | null;
} & { rows: readonly Pick<LedgerRow, R>[] };

const COLUMNS = getTableColumns(ledger);
const sqlName = (column: LedgerColumn): string => COLUMNS[column].name;

/** A bound parameter's value: D1 binds text, numbers and null; JSON columns as their text. */
function bindValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "object") return JSON.stringify(value);
  return value as string | number;
}

function insertText(shape: LedgerInsertShape<LedgerColumn, LedgerColumn, LedgerColumn, string, LedgerColumn>, grouped: boolean): string {
  const bound = shape.bound;
  const perGroup = [...(shape.perGroup ?? []), ...(shape.groupInputs ?? [])];
  const rowsParam = bound.length + 1;
  const refs: LedgerRefs<LedgerColumn, LedgerColumn, string> = {
    bound: (c) => `?${bound.indexOf(c) + 1}`,
    row: (c) => `r.value ->> '$[${shape.perRow.indexOf(c)}]'`,
    group: (n) => `g.value ->> '$[${perGroup.indexOf(n)}]'`,
    param: (i) => `?${rowsParam + 1 + i}`,
  };
  const derived = Object.entries(shape.derived ?? {}) as [LedgerColumn, (r: typeof refs) => string][];
  const columns: [LedgerColumn, string][] = [
    ...bound.map((c) => [c, refs.bound(c)] as [LedgerColumn, string]),
    ...(shape.perGroup ?? []).map((c) => [c, refs.group(c)] as [LedgerColumn, string]),
    ...shape.perRow.map((c) => [c, refs.row(c)] as [LedgerColumn, string]),
    ...derived.map(([c, f]) => [c, f(refs)] as [LedgerColumn, string]),
  ];
  const names = columns.map(([c]) => c);
  const repeated = names.find((c, i) => names.indexOf(c) !== i);
  if (repeated) throw new Error(`ledger insert shape names ${repeated} twice`);
  const from = grouped
    ? `json_each(?${rowsParam}) AS g CROSS JOIN json_each(g.value, '$[${perGroup.length}]') AS r`
    : `json_each(?${rowsParam}) AS r`;
  const text = `INSERT INTO ledger (${columns.map(([c]) => sqlName(c)).join(", ")})
SELECT ${columns.map(([, e]) => e).join(", ")}
FROM ${from}
WHERE ${shape.guard ? shape.guard.sql(refs) : "true"}
ON CONFLICT DO NOTHING${shape.returning ? "\nRETURNING id" : ""}`;
  return text;
}

function prepare(db: D1Database, text: string, boundValues: readonly unknown[], chunks: readonly string[], guardParams: readonly unknown[], expected: number) {
  if (guardParams.length !== expected) throw new Error(`ledger insert guard takes ${expected} parameters, got ${guardParams.length}`);
  const head = boundValues.map(bindValue);
  const tail = guardParams.map(bindValue);
  return chunks.map((chunk) => db.prepare(text).bind(...head, chunk, ...tail));
}

export type LedgerInsert<B extends LedgerColumn, R extends LedgerColumn> = {
  readonly sql: string;
  /** The statements writing `rows` (one per ~512 KB of rows; none for no rows). */
  statements(db: D1Database, bound: Pick<LedgerRow, B>, rows: readonly Pick<LedgerRow, R>[], guardParams?: readonly unknown[]): D1PreparedStatement[];
};

/** The row type of a flat insert (`RowOf<typeof INSERT>`). */
export type RowOf<I> = I extends LedgerInsert<LedgerColumn, infer R> ? Pick<LedgerRow, R> : never;

/** An insert of flat rows: `bound` columns once per statement, `perRow` columns per row. */
export function ledgerInsert<B extends LedgerColumn, R extends LedgerColumn, D extends LedgerColumn = never>(
  shape: LedgerInsertShape<B, R, never, never, D> & Complete<B | R | D>,
): LedgerInsert<B, R> {
  const s = shape as unknown as LedgerInsertShape<LedgerColumn, LedgerColumn, LedgerColumn, string, LedgerColumn>;
  const text = insertText(s, false);
  return {
    sql: text,
    statements(db, bound, rows, guardParams = []) {
      if (rows.length === 0) return [];
      const b = bound as Record<string, unknown>;
      const jsonRows = rows.map((row) => {
        const r = row as Record<string, unknown>;
        return JSON.stringify(s.perRow.map((c) => r[c] ?? null));
      });
      return prepare(db, text, s.bound.map((c) => b[c]), chunkJsonRows(jsonRows), guardParams, s.guard?.params ?? 0);
    },
  };
}

export type LedgerGroupedInsert<B extends LedgerColumn, R extends LedgerColumn, G extends LedgerColumn, X extends string> = {
  readonly sql: string;
  /** The statements writing every row of `groups` (a group is never split across statements). */
  statements(db: D1Database, bound: Pick<LedgerRow, B>, groups: readonly LedgerGroup<G, X, R>[], guardParams?: readonly unknown[]): D1PreparedStatement[];
};

/** An insert of rows in groups: `perGroup` columns and `groupInputs` once per group, `perRow` per row. */
export function ledgerGroupedInsert<B extends LedgerColumn, R extends LedgerColumn, G extends LedgerColumn, X extends string = never, D extends LedgerColumn = never>(
  shape: LedgerInsertShape<B, R, G, X, D> & { perGroup: readonly G[] } & Complete<B | R | G | D>,
): LedgerGroupedInsert<B, R, G, X> {
  const s = shape as unknown as LedgerInsertShape<LedgerColumn, LedgerColumn, LedgerColumn, string, LedgerColumn>;
  const text = insertText(s, true);
  const groupKeys = [...(s.perGroup ?? []), ...(s.groupInputs ?? [])];
  return {
    sql: text,
    statements(db, bound, groups, guardParams = []) {
      const jsonGroups: string[] = [];
      for (const group of groups) {
        if (group.rows.length === 0) continue;
        const g = group as unknown as Record<string, unknown>;
        const rows = group.rows.map((row) => {
          const r = row as Record<string, unknown>;
          return s.perRow.map((c) => r[c] ?? null);
        });
        jsonGroups.push(JSON.stringify([...groupKeys.map((k) => g[k] ?? null), rows]));
      }
      if (jsonGroups.length === 0) return [];
      const b = bound as Record<string, unknown>;
      return prepare(db, text, s.bound.map((c) => b[c]), chunkJsonRows(jsonGroups), guardParams, s.guard?.params ?? 0);
    },
  };
}
