// The header row: which column is where. Names are matched case-sensitively (as documented);
// surrounding spaces are ignored. A near miss in case gets a "did you mean" hint.
import { LABEL_COLUMN, REQUIRED_COLUMNS, type RevenueColumn, SINGLE_COLUMNS, type SingleColumn, VISITOR_ID_COLUMNS } from "./columns";

export type HeaderLayout = {
  /** Column names as written (trimmed), in file order. */
  names: string[];
  /** Position of each single column present. */
  index: Partial<Record<SingleColumn, number>>;
  /** Positions of the `Label` columns, in file order. */
  labels: number[];
};

export type HeaderProblem = { column: string | null; message: string };

export type HeaderResult = { ok: true; layout: HeaderLayout } | { ok: false; problems: HeaderProblem[] };

const ALL_COLUMNS: readonly RevenueColumn[] = [...SINGLE_COLUMNS, LABEL_COLUMN];
const KNOWN: ReadonlySet<string> = new Set<string>(ALL_COLUMNS);
const BY_LOWER: ReadonlyMap<string, RevenueColumn> = new Map(ALL_COLUMNS.map((c) => [c.toLowerCase(), c]));

export function parseRevenueHeader(fields: readonly string[]): HeaderResult {
  const names = fields.map((f) => f.trim());
  const index: Partial<Record<SingleColumn, number>> = {};
  const labels: number[] = [];
  const problems: HeaderProblem[] = [];

  names.forEach((name, i) => {
    if (name === LABEL_COLUMN) {
      labels.push(i);
    } else if (KNOWN.has(name)) {
      const column = name as SingleColumn;
      if (index[column] !== undefined) {
        problems.push({ column: name, message: `Column ${name} appears more than once (only Label may repeat)` });
      } else {
        index[column] = i;
      }
    } else if (name === "") {
      problems.push({ column: null, message: `Header column ${i + 1} has no name` });
    } else {
      const near = BY_LOWER.get(name.toLowerCase());
      const hint = near ? ` (did you mean ${near}? names are case-sensitive)` : "";
      problems.push({ column: name, message: `Unknown column ${JSON.stringify(name)}${hint}` });
    }
  });

  for (const required of REQUIRED_COLUMNS) {
    const present = required === LABEL_COLUMN ? labels.length > 0 : index[required] !== undefined;
    if (!present) problems.push({ column: required, message: `Required column ${required} is missing` });
  }
  if (!VISITOR_ID_COLUMNS.some((c) => index[c] !== undefined)) {
    problems.push({
      column: null,
      message: `At least one visitor identifier column is required: ${VISITOR_ID_COLUMNS.join(", ")}`,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, layout: { names, index, labels } };
}
