// D1 access for batch jobs: creating a job with its chunk plan, reading jobs and failures,
// ending a job on a fatal error. (Chunk processing is in chunk-store.ts.)
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { ISO_NOW_SQL } from "../../db/columns";
import { type BatchJobStatus, batchChunks, batchFailures, batchJobs } from "../../db/schema";
import type { Db } from "../../env";
import type { ChunkRange } from "../../formats/revenue-csv/validate-file";

export type BatchJob = typeof batchJobs.$inferSelect;
export type ChunkPlanRow = typeof batchChunks.$inferSelect;

export const TERMINAL_STATUSES: ReadonlySet<BatchJobStatus> = new Set(["complete", "partialcomplete", "failed"]);

export type NewJob = {
  id: string;
  siteId: string;
  objectKey: string;
  fileBytes: number;
  header: string[];
  totalRows: number;
  chunks: readonly ChunkRange[];
};

const INSERT_JOB = `
INSERT INTO batch_jobs (id, site_id, status, object_key, file_bytes, header, total_rows, chunk_count)
VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?7)`;

const INSERT_CHUNKS = `
INSERT INTO batch_chunks (job_id, chunk_index, byte_start, byte_end, first_row, first_line, row_count)
SELECT ?1, c.value->>0, c.value->>1, c.value->>2, c.value->>3, c.value->>4, c.value->>5
FROM json_each(?2) AS c WHERE true`;

/** The job and its whole chunk plan, in one transaction (500 chunks for 500k rows: one JSON value). */
export async function createJob(d1: D1Database, job: NewJob): Promise<void> {
  const plan = job.chunks.map((c) => [c.index, c.byteStart, c.byteEnd, c.firstRowNumber, c.firstLine, c.rowCount]);
  await d1.batch([
    d1
      .prepare(INSERT_JOB)
      .bind(job.id, job.siteId, job.objectKey, job.fileBytes, JSON.stringify(job.header), job.totalRows, job.chunks.length),
    d1.prepare(INSERT_CHUNKS).bind(job.id, JSON.stringify(plan)),
  ]);
}

/** Removes a job that could not be queued (nothing of it was processed). */
export async function deleteJob(d1: D1Database, jobId: string): Promise<void> {
  await d1.batch([
    d1.prepare("DELETE FROM batch_chunks WHERE job_id = ?1").bind(jobId),
    d1.prepare("DELETE FROM batch_jobs WHERE id = ?1 AND processed_rows = 0").bind(jobId),
  ]);
}

export async function findJob(db: Db, siteId: string, jobId: string): Promise<BatchJob | undefined> {
  return db.query.batchJobs.findFirst({ where: and(eq(batchJobs.id, jobId), eq(batchJobs.siteId, siteId)) });
}

export async function findJobById(db: Db, jobId: string): Promise<BatchJob | undefined> {
  return db.query.batchJobs.findFirst({ where: eq(batchJobs.id, jobId) });
}

/** Newest first; `offset` pagination (a site's job list is short and rarely changes mid-read). */
export async function listJobs(db: Db, siteId: string, limit: number, offset: number): Promise<{ jobs: BatchJob[]; total: number }> {
  const [jobs, count] = await Promise.all([
    db
      .select()
      .from(batchJobs)
      .where(eq(batchJobs.siteId, siteId))
      .orderBy(desc(batchJobs.createdAt), desc(batchJobs.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(batchJobs).where(eq(batchJobs.siteId, siteId)),
  ]);
  return { jobs, total: count[0]?.n ?? 0 };
}

export async function chunkPlan(db: Db, jobId: string): Promise<ChunkPlanRow[]> {
  return db.select().from(batchChunks).where(eq(batchChunks.jobId, jobId)).orderBy(asc(batchChunks.chunkIndex));
}

/** One page of a job's failures, in row order, after `afterRow`. */
export async function failuresPage(db: Db, jobId: string, afterRow: number, limit: number) {
  return db
    .select()
    .from(batchFailures)
    .where(and(eq(batchFailures.jobId, jobId), gt(batchFailures.rowNumber, afterRow)))
    .orderBy(asc(batchFailures.rowNumber))
    .limit(limit);
}

const FAIL_JOB = `
UPDATE batch_jobs SET
  status = 'failed',
  failure_reason = ?2,
  processed_rows = total_rows,
  failure_count = total_rows - success_count,
  completed_at = ${ISO_NOW_SQL}
WHERE id = ?1 AND status IN ('pending', 'processing')`;

/**
 * Ends a job on a fatal error. Rows not processed yet count as failed, so the terminal
 * invariant `processedRows = totalRows = successCount + failureCount` holds; chunks still in the
 * queue find the job terminal and change nothing.
 */
export async function failJob(d1: D1Database, jobId: string, reason: string): Promise<void> {
  await d1.prepare(FAIL_JOB).bind(jobId, reason).run();
}
