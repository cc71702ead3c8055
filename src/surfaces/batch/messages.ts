import { z } from "zod";

/** The queue of CSV batch job messages (wrangler.toml). */
export const JOBS_QUEUE = "revenue-edge-jobs";

// Messages of the `revenue-edge-jobs` queue (CSV batch jobs, docs/batch-csv.md §3). Producers
// build them with these types; the consumer parses them with the same schemas, so a corrupt or
// foreign message is recognised and dead-lettered, not guessed at.

/** Sent once by the upload request: the consumer fans the job out into chunk messages. */
export const batchStartMessage = z.object({
  v: z.literal(1),
  kind: z.literal("batch-start"),
  jobId: z.string(),
});

/**
 * One chunk of a job: a byte range of the stored file holding `rowCount` rows. Everything the
 * consumer needs is in the message (about 400 bytes whatever the rows hold), so processing a
 * chunk costs one ranged R2 read and one D1 transaction.
 */
export const batchChunkMessage = z.object({
  v: z.literal(1),
  kind: z.literal("batch-chunk"),
  jobId: z.string(),
  siteId: z.string(),
  objectKey: z.string(),
  /** The file's header row, to read the chunk's rows with. */
  header: z.array(z.string()),
  chunkIndex: z.number().int().nonnegative(),
  byteStart: z.number().int().nonnegative(),
  byteEnd: z.number().int().nonnegative(),
  firstRow: z.number().int().positive(),
  firstLine: z.number().int().positive(),
  rowCount: z.number().int().positive(),
});

export const batchJobMessage = z.discriminatedUnion("kind", [batchStartMessage, batchChunkMessage]);

export type BatchStartMessage = z.infer<typeof batchStartMessage>;
export type BatchChunkMessage = z.infer<typeof batchChunkMessage>;
export type BatchJobMessage = z.infer<typeof batchJobMessage>;
