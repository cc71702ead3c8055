// Writes chunks of batch jobs exactly once: a single D1 `batch()` (one transaction) that, for
// each chunk, claims it, records the rows already in the ledger as failures, inserts the others and
// moves the job's counters and status. Every statement after the claim only acts when this
// transaction holds the claim, so a redelivered message, a second consumer racing, or a retry
// after a crash changes nothing once the chunk is done (docs/batch-csv.md §3).
//
// Each statement binds one JSON array of the chunk's rows (expanded with json_each) and a few
// scalars: 6 parameters at most, whatever the chunk size. The ledger rows go through the
// ledger's insert builder, guarded by the claim. Rows are cut into arrays of at most ~512 KB of
// JSON (one for a usual chunk), each with its own statements in the same transaction: D1 refuses
// a value over 2 MB (SQLITE_TOOBIG), and with the cell, row and chunk limits of validation every
// row fits one value, so every accepted file can be stored (docs/batch-csv.md §3).

import { ISO_NOW_SQL } from "../../db/columns";
import { chunkJsonRows, MAX_JSON_PARAM_BYTES } from "../../db/json-rows";
import { LEDGER_SOURCE, ledgerInsert } from "../../ledger";
import { RECORD_LEDGER_COLUMNS, type RecordLedgerRow } from "./ledger-row";

/** One row of a chunk, ready for the statements below. */
export type ChunkRow = {
  /** Its ledger row (site, source and job are the chunk's). */
  ledger: RecordLedgerRow;
  /** RevenueClosedDate as the canonical instant (for the failure message). */
  closedDate: string;
  /** Row number and line in the file. */
  rowNumber: number;
  line: number;
  /** The row's original cells (kept only if it fails). */
  fields: string[];
};

export type ChunkWrite = {
  jobId: string;
  siteId: string;
  chunkIndex: number;
  firstRow: number;
  rowCount: number;
  rows: readonly ChunkRow[];
};

const HOLDS_CLAIM = `EXISTS (SELECT 1 FROM batch_chunks WHERE job_id = ?1 AND chunk_index = ?2 AND claim = ?3)`;

// ?1 job, ?2 chunk index, ?3 claim token
const CLAIM = `
UPDATE batch_chunks SET claim = ?3, done_at = ${ISO_NOW_SQL}
WHERE job_id = ?1 AND chunk_index = ?2 AND done_at IS NULL
  AND EXISTS (SELECT 1 FROM batch_jobs WHERE id = ?1 AND status IN ('pending', 'processing'))`;

// ?4 rows as [dedupe key, Reference, closed date, row number, line, fields], ?5 site. Runs
// before the ledger insert, so a row is never its own duplicate.
const RECORD_DUPLICATES = `
INSERT INTO batch_failures (job_id, row_number, line, fields, message)
SELECT ?1, r.value->>'$[3]', r.value->>'$[4]', r.value->>'$[5]',
  'A record with Reference ' || json_quote(r.value->>'$[1]') || ' and RevenueClosedDate ' || (r.value->>'$[2]') ||
  ' is already stored for this site'
FROM json_each(?4) AS r
WHERE ${HOLDS_CLAIM}
  AND EXISTS (SELECT 1 FROM ledger WHERE site_id = ?5 AND dedupe_key = r.value->>'$[0]')
ON CONFLICT DO NOTHING`;

const INSERT_LEDGER = ledgerInsert({
  bound: ["siteId", "source", "jobId"],
  perRow: RECORD_LEDGER_COLUMNS,
  guard: {
    params: 2,
    sql: (v) =>
      `EXISTS (SELECT 1 FROM batch_chunks WHERE job_id = ${v.bound("jobId")} AND chunk_index = ${v.param(0)} AND claim = ${v.param(1)})`,
  },
});

// ?4 first row, ?5 last row, ?6 row count
const CHUNK_FAILURES = `(SELECT count(*) FROM batch_failures WHERE job_id = ?1 AND row_number BETWEEN ?4 AND ?5)`;
const COUNT_CHUNK = `
UPDATE batch_chunks SET failure_count = ${CHUNK_FAILURES}, success_count = ?6 - ${CHUNK_FAILURES}
WHERE job_id = ?1 AND chunk_index = ?2 AND claim = ?3`;

// ?4 row count. SQLite evaluates every SET expression on the row as it was before the UPDATE.
const CHUNK_OK = `(SELECT success_count FROM batch_chunks WHERE job_id = ?1 AND chunk_index = ?2)`;
const CHUNK_FAILED = `(SELECT failure_count FROM batch_chunks WHERE job_id = ?1 AND chunk_index = ?2)`;
const COUNT_JOB = `
UPDATE batch_jobs SET
  processed_rows = processed_rows + ?4,
  success_count = success_count + ${CHUNK_OK},
  failure_count = failure_count + ${CHUNK_FAILED},
  status = CASE
    WHEN processed_rows + ?4 < total_rows THEN 'processing'
    WHEN failure_count + ${CHUNK_FAILED} = 0 THEN 'complete'
    WHEN success_count + ${CHUNK_OK} = 0 THEN 'failed'
    ELSE 'partialcomplete'
  END,
  failure_reason = CASE
    WHEN processed_rows + ?4 >= total_rows AND success_count + ${CHUNK_OK} = 0
    THEN 'No row was stored: all ' || total_rows || ' rows are already stored for this site (same Reference and RevenueClosedDate); see the failures report'
    ELSE failure_reason
  END,
  completed_at = CASE WHEN processed_rows + ?4 >= total_rows THEN ${ISO_NOW_SQL} ELSE completed_at END
WHERE id = ?1 AND ${HOLDS_CLAIM}`;

/** The statements of one chunk: its claim first, every duplicate check before any insert. */
function chunkStatements(d1: D1Database, chunk: ChunkWrite): D1PreparedStatement[] {
  const claim = crypto.randomUUID();
  const failureRows = failureArrays(chunk.rows);
  const ledgerRows = chunk.rows.map((r) => r.ledger);
  const { jobId, chunkIndex } = chunk;
  const lastRow = chunk.firstRow + chunk.rowCount - 1;
  return [
    d1.prepare(CLAIM).bind(jobId, chunkIndex, claim),
    // Every duplicate check before any insert: a row is never its own duplicate.
    ...failureRows.map((rows) => d1.prepare(RECORD_DUPLICATES).bind(jobId, chunkIndex, claim, rows, chunk.siteId)),
    ...INSERT_LEDGER.statements(d1, { siteId: chunk.siteId, source: LEDGER_SOURCE.batch, jobId }, ledgerRows, [chunkIndex, claim]),
    d1.prepare(COUNT_CHUNK).bind(jobId, chunkIndex, claim, chunk.firstRow, lastRow, chunk.rowCount),
    d1.prepare(COUNT_JOB).bind(jobId, chunkIndex, claim, chunk.rowCount),
  ];
}

/**
 * Writes the chunks in ONE transaction (one D1 `batch()`), each under its own claim: a chunk
 * already written (or whose job has ended) changes nothing, the others are written. The chunks'
 * statements follow one another, so a row of a later chunk that an earlier chunk of the same
 * transaction stored (a second job of the same site) is found as a duplicate like any other.
 * Returns, per chunk, whether this call wrote it.
 */
export async function writeChunks(d1: D1Database, chunks: readonly ChunkWrite[]): Promise<boolean[]> {
  const claimAt: number[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const chunk of chunks) {
    claimAt.push(statements.length);
    statements.push(...chunkStatements(d1, chunk));
  }
  if (statements.length === 0) return [];
  const results = await d1.batch(statements);
  return claimAt.map((at) => (results[at]?.meta.changes ?? 0) > 0);
}

/**
 * The rows as [dedupe key, Reference, closed date, row number, line, fields] in JSON array texts
 * of at most MAX_JSON_PARAM_BYTES each (one for a usual chunk); a row longer than that alone is
 * an array of its own, under 2 MB by the limits of validation.
 */
export function failureArrays(rows: readonly ChunkRow[]): string[] {
  const json = rows.map((r) => JSON.stringify([r.ledger.dedupeKey, r.ledger.externalId, r.closedDate, r.rowNumber, r.line, r.fields]));
  let chars = 2;
  for (const row of json) chars += row.length + 1;
  // A UTF-8 byte count only when the text might be over the limit.
  return chars * 3 <= MAX_JSON_PARAM_BYTES ? [`[${json.join(",")}]`] : chunkJsonRows(json);
}
