// Processing of one chunk message: a ranged read of exactly the chunk's bytes from R2, the
// same reader and rules as the upload used, then one D1 transaction (chunk-store.ts).
import { canonicalDate } from "../../formats/revenue-csv/dates";
import { parseRevenueHeader } from "../../formats/revenue-csv/header";
import { readCsvRecords } from "../../formats/revenue-csv/read-rows";
import { RevenueRowCheck } from "../../formats/revenue-csv/row";
import { newId } from "../../ids";
import { type ChunkRow, writeChunk } from "./chunk-store";
import { recordLedgerRow } from "./ledger-row";
import type { BatchChunkMessage } from "./messages";

/** A problem that retrying cannot fix: the job ends as `failed` with this reason. */
export class FatalChunkError extends Error {
  override readonly name = "FatalChunkError";
}

export type ChunkResult = "written" | "already-done";

export async function processChunk(env: Env, msg: BatchChunkMessage): Promise<ChunkResult> {
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
        ledger: recordLedgerRow(newId("bat"), record),
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
  const written = await writeChunk(env.DB, {
    jobId: msg.jobId,
    siteId: msg.siteId,
    chunkIndex: msg.chunkIndex,
    firstRow: msg.firstRow,
    rowCount: msg.rowCount,
    rows,
  });
  return written ? "written" : "already-done";
}
