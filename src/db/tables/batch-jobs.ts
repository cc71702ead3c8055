import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";
import { sites } from "./tenancy";

export const batchJobStatuses = ["pending", "processing", "complete", "partialcomplete", "failed"] as const;
export type BatchJobStatus = (typeof batchJobStatuses)[number];

/**
 * CSV revenue batch jobs (contract §5). The raw file is in R2 under `objectKey`; its rows are
 * written to the ledger by the queue consumer, one chunk (`batch_chunks`) at a time. The
 * counters move only inside the chunk transactions, so they are exact whatever the queue does.
 */
export const batchJobs = sqliteTable(
  "batch_jobs",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    status: text("status", { enum: batchJobStatuses }).notNull().default("pending"),
    objectKey: text("object_key").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    /** The file's header row (column names in file order, `Label` possibly repeated). */
    header: text("header", { mode: "json" }).$type<string[]>().notNull(),
    totalRows: integer("total_rows").notNull(),
    chunkCount: integer("chunk_count").notNull(),
    processedRows: integer("processed_rows").notNull().default(0),
    successCount: integer("success_count").notNull().default(0),
    failureCount: integer("failure_count").notNull().default(0),
    failureReason: text("failure_reason"),
    createdAt: text("created_at").notNull().default(isoNow),
    completedAt: text("completed_at"),
    /**
     * The job watchdog (job-watchdog.ts): how many times in a row it re-sent the job's
     * unprocessed chunks without the job making progress, and when it last did.
     */
    recoveryAttempts: integer("recovery_attempts").notNull().default(0),
    recoveredAt: text("recovered_at"),
  },
  (t) => [
    index("batch_jobs_site_created_idx").on(t.siteId, t.createdAt, t.id),
    // Only the live jobs, which the watchdog reads every few seconds: stays tiny as jobs pile up.
    index("batch_jobs_live_idx").on(t.status).where(sql`status IN ('pending', 'processing')`),
  ],
);

/**
 * The chunk plan of a job: row ranges of the R2 object, found while validating. `claim` and
 * `doneAt` are set by the transaction that processes the chunk: a chunk is processed once.
 */
export const batchChunks = sqliteTable(
  "batch_chunks",
  {
    jobId: text("job_id")
      .notNull()
      .references(() => batchJobs.id),
    chunkIndex: integer("chunk_index").notNull(),
    byteStart: integer("byte_start").notNull(),
    byteEnd: integer("byte_end").notNull(),
    firstRow: integer("first_row").notNull(),
    firstLine: integer("first_line").notNull(),
    rowCount: integer("row_count").notNull(),
    claim: text("claim"),
    doneAt: text("done_at"),
    successCount: integer("success_count"),
    failureCount: integer("failure_count"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.chunkIndex] })],
);

/** Rows that failed at processing time, with their original cells (the failures report). */
export const batchFailures = sqliteTable(
  "batch_failures",
  {
    jobId: text("job_id")
      .notNull()
      .references(() => batchJobs.id),
    rowNumber: integer("row_number").notNull(),
    line: integer("line").notNull(),
    /** The row's cells as in the file, in header order. */
    fields: text("fields", { mode: "json" }).$type<string[]>().notNull(),
    message: text("message").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);
