// The chunk messages of one queue batch, processed as a pipeline (docs/batch-csv.md §3):
//
//   read group k+1 (ranged R2 gets and parsing, its chunks concurrently)
//   while group k is written (one D1 transaction for all of its chunks).
//
// A group is a few chunks of at most GROUP_MAX_FILE_BYTES of file in all, so a transaction
// binds a few MB at most, holds D1's single writer for a bounded time, and memory holds two
// groups' rows whatever the batch size. Each chunk keeps its own claim inside the group's
// transaction (chunk-store.ts), so a chunk is still written exactly once however messages are
// grouped, redelivered or raced by another consumer. When a group's transaction fails, its
// chunks are written again one by one, so one chunk that D1 refuses is retried (and, in the
// end, dead-lettered) alone, without holding back the others.
import { writeChunks } from "./chunk-store";
import { failJob } from "./job-store";
import type { BatchChunkMessage } from "./messages";
import { FatalChunkError, type PreparedChunk, prepareChunk } from "./process-chunk";

/** Chunks per transaction, at most: 5 statements each, far under D1's limits on a batch. */
export const GROUP_MAX_CHUNKS = 10;
/**
 * File bytes per transaction, at most (a chunk is ≤ 256 KiB of file, so a group is at least one
 * chunk): its rows are bound as JSON of roughly 2–3 times the file's bytes.
 */
export const GROUP_MAX_FILE_BYTES = 1024 * 1024;

/** What became of one message. */
export type ChunkOutcome = { kind: "done" } | { kind: "fatal"; reason: string } | { kind: "retry"; error: unknown };

type Read = { ok: true; chunk: PreparedChunk } | { ok: false; outcome: ChunkOutcome };

/** Cuts the messages, in order, into groups of at most GROUP_MAX_CHUNKS chunks and GROUP_MAX_FILE_BYTES. */
export function groupChunks<T extends { body: BatchChunkMessage }>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = item.body.byteEnd - item.body.byteStart;
    if (current.length > 0 && (current.length >= GROUP_MAX_CHUNKS || bytes + size > GROUP_MAX_FILE_BYTES)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

async function read(env: Env, msg: BatchChunkMessage): Promise<Read> {
  try {
    return { ok: true, chunk: await prepareChunk(env, msg) };
  } catch (err) {
    if (err instanceof FatalChunkError) return { ok: false, outcome: { kind: "fatal", reason: err.message } };
    return { ok: false, outcome: { kind: "retry", error: err } };
  }
}

/** Writes the chunks read: one transaction, or one per chunk if that one fails. */
async function write(env: Env, chunks: readonly PreparedChunk[]): Promise<ChunkOutcome[]> {
  if (chunks.length === 0) return [];
  try {
    await writeChunks(env.DB, chunks);
    return chunks.map(() => ({ kind: "done" }));
  } catch (err) {
    if (chunks.length === 1) return [{ kind: "retry", error: err }];
  }
  const outcomes: ChunkOutcome[] = [];
  for (const chunk of chunks) {
    try {
      await writeChunks(env.DB, [chunk]);
      outcomes.push({ kind: "done" });
    } catch (err) {
      outcomes.push({ kind: "retry", error: err });
    }
  }
  return outcomes;
}

/**
 * Processes chunk messages as described above; returns each one's outcome, in order. A chunk
 * whose stored file no longer reads as validated ends its job `failed` here (outcome `fatal`).
 */
export async function processChunkMessages(env: Env, messages: readonly BatchChunkMessage[]): Promise<ChunkOutcome[]> {
  const indexed = messages.map((body, index) => ({ body, index }));
  const groups = groupChunks(indexed);
  const outcomes: ChunkOutcome[] = new Array(messages.length);
  const readGroup = (group: typeof indexed) => Promise.all(group.map((m) => read(env, m.body)));
  let next = groups.length > 0 ? readGroup(groups[0]!) : null;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const reads = await next!;
    // The next group's reads run while this one is written.
    next = g + 1 < groups.length ? readGroup(groups[g + 1]!) : null;
    const ready: PreparedChunk[] = [];
    const readyAt: number[] = [];
    reads.forEach((r, i) => {
      if (r.ok) {
        ready.push(r.chunk);
        readyAt.push(group[i]!.index);
      } else outcomes[group[i]!.index] = r.outcome;
    });
    const written = await write(env, ready);
    written.forEach((o, i) => {
      outcomes[readyAt[i]!] = o;
    });
  }
  // Fatal chunks end their job (once per job); the job's other chunks then change nothing. If
  // that write fails, the chunk's message is retried and ends the job next time.
  const ended = new Map<string, ChunkOutcome>();
  for (let i = 0; i < messages.length; i++) {
    const o = outcomes[i]!;
    if (o.kind !== "fatal") continue;
    const jobId = messages[i]!.jobId;
    let result = ended.get(jobId);
    if (!result) {
      console.error(JSON.stringify({ level: "error", msg: "batch job failed", jobId, reason: o.reason }));
      try {
        await failJob(env.DB, jobId, o.reason);
        result = o;
      } catch (error) {
        result = { kind: "retry", error };
      }
      ended.set(jobId, result);
    }
    outcomes[i] = result;
  }
  return outcomes;
}
