// Reading one chunk message: a ranged read of exactly the chunk's bytes from R2, read with the
// same reader and rules as the upload used, into the rows its D1 transaction writes
// (chunk-store.ts; several chunks share one transaction, chunk-pipeline.ts).
import { canonicalDate } from "../../formats/revenue-csv/dates";
import { parseRevenueHeader } from "../../formats/revenue-csv/header";
import { readCsvRecords } from "../../formats/revenue-csv/read-rows";
import { RevenueRowCheck } from "../../formats/revenue-csv/row";
import type { ChunkRow, ChunkWrite } from "./chunk-store";
import { recordLedgerRow } from "./ledger-row";
import type { BatchChunkMessage } from "./messages";

/** A problem that retrying cannot fix: the job ends as `failed` with this reason. */
export class FatalChunkError extends Error {
  override readonly name = "FatalChunkError";
}

/**
 * The ledger id of a job's row: `bat_<job>_<row number>`. Ids of one job sort by row, so its rows
 * are appended side by side to the ledger's primary-key index instead of landing on a random
 * page each (random 128-bit ids made every row of a chunk dirty its own index page). Unique, as
 * job ids are; the same row always gets the same id (a retried chunk writes the same rows).
 */
export function batchRowId(jobId: string, rowNumber: number): string {
  return `bat_${jobId.startsWith("job_") ? jobId.slice(4) : jobId}_${String(rowNumber).padStart(7, "0")}`;
}

/** A chunk read and checked, ready to be written. */
export type PreparedChunk = ChunkWrite;

/** Reads the chunk's rows; throws FatalChunkError when the stored file no longer reads as validated. */
export async function prepareChunk(env: Env, msg: BatchChunkMessage): Promise<PreparedChunk> {
  const header = parseRevenueHeader(msg.header);
  if (!header.ok) throw new FatalChunkError("The job's header row is not valid any more");
  const object = await env.UPLOADS.get(msg.objectKey, {
    range: { offset: msg.byteStart, length: msg.byteEnd - msg.byteStart },
  });
  if (!object) throw new FatalChunkError("The uploaded file is no longer stored");

  const check = new RevenueRowCheck(header.layout, Date.now());
  const rows: ChunkRow[] = [];
  let problem: string | null = null;
  const syntax = await readCsvRecords(
    object.body,
    (fields, line) => {
      if (problem) return;
      const rowNumber = msg.firstRow + rows.length;
      if (check.check(fields).length > 0) {
        problem = `Row ${rowNumber} of the stored file no longer passes validation`;
        return;
      }
      const record = check.record.record(check.fill(fields));
      rows.push({
        ledger: recordLedgerRow(batchRowId(msg.jobId, rowNumber), record),
        closedDate: canonicalDate(record.closedDate),
        rowNumber,
        line,
        fields,
      });
    },
    { allowBom: false, firstLine: msg.firstLine, byteOffset: msg.byteStart },
  );
  if (syntax) throw new FatalChunkError(`The stored file cannot be read at line ${syntax.line}: ${syntax.message}`);
  if (problem) throw new FatalChunkError(problem);
  if (rows.length !== msg.rowCount) {
    throw new FatalChunkError(`Chunk ${msg.chunkIndex} of the stored file holds ${rows.length} rows, not the ${msg.rowCount} validated`);
  }
  return { jobId: msg.jobId, siteId: msg.siteId, chunkIndex: msg.chunkIndex, firstRow: msg.firstRow, rowCount: msg.rowCount, rows };
}
