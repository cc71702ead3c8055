import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BatchJobMessage } from "../../src/surfaces/batch/messages";
import { createTenant } from "../support/fixtures";
import { jobStatus } from "./support/batch-api";
import { deliver as deliverTo, jobWithoutMessages } from "./support/stalled-jobs";

/** A job stored as the upload route stores it, with the queue played by the test (no watchdog). */
const jobWithoutQueue = (siteId: string, rows: number, start = 1) => jobWithoutMessages(siteId, rows, start, { armWatchdog: false });

/** Delivers `bodies` as one batch of the jobs queue to the Worker's queue handler. */
const deliver = (bodies: BatchJobMessage[]) => deliverTo("revenue-edge-jobs", bodies);

const ledgerRows = async (jobId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM ledger WHERE job_id = ?").bind(jobId).first<{ n: number }>())?.n;

describe("batch consumer: exactly once per chunk", () => {
  it("the same chunk delivered twice (redelivery) leaves the counts unchanged", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutQueue(t.site.id, 250);
    const result = await deliver([chunks[0]!]);
    expect(result.explicitAcks).toHaveLength(1);
    const once = await jobStatus(t.site.id, t.secret, jobId);
    expect(once).toMatchObject({ status: "processing", processedRows: 100, successCount: 100, failureCount: 0, percentageProgress: 40 });

    await deliver([chunks[0]!, chunks[0]!]);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toEqual(once);
    expect(await ledgerRows(jobId)).toBe(100);

    await deliver([chunks[1]!, chunks[2]!, chunks[1]!]);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      totalRows: 250,
      processedRows: 250,
      successCount: 250,
      failureCount: 0,
    });
    expect(await ledgerRows(jobId)).toBe(250);
  });

  it("two consumers racing on the same chunks never count a row twice nor fail it as its own duplicate", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutQueue(t.site.id, 300);
    await Promise.all([deliver(chunks), deliver([...chunks].reverse()), deliver(chunks)]);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      processedRows: 300,
      successCount: 300,
      failureCount: 0,
    });
    expect(await ledgerRows(jobId)).toBe(300);
    const failures = await env.DB.prepare("SELECT count(*) AS n FROM batch_failures WHERE job_id = ?").bind(jobId).first<{ n: number }>();
    expect(failures?.n).toBe(0);
  });

  it("a start message fans the job out into its chunks; delivering it again adds nothing", async () => {
    const t = await createTenant();
    const { jobId } = await jobWithoutQueue(t.site.id, 120);
    await deliver([
      { v: 1, kind: "batch-start", jobId },
      { v: 1, kind: "batch-start", jobId },
    ]);
    // The chunk messages went to the real queue; its consumer writes them.
    const { vi } = await import("vitest");
    const done = await vi.waitUntil(
      async () => {
        const s = await jobStatus(t.site.id, t.secret, jobId);
        return s.status === "complete" ? s : false;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(done).toMatchObject({ processedRows: 120, successCount: 120, failureCount: 0 });
    expect(await ledgerRows(jobId)).toBe(120);
  });

  it("a stored file that went missing ends the job as failed, counts stay exact", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutQueue(t.site.id, 150);
    await deliver([chunks[0]!]);
    await env.UPLOADS.delete(chunks[1]!.objectKey);
    const result = await deliver([chunks[1]!]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({
      status: "failed",
      totalRows: 150,
      processedRows: 150,
      successCount: 100,
      failureCount: 50,
      percentageProgress: 100,
      failureReason: "The uploaded file is no longer stored",
    });
  });

  it("a batch of many chunks (read ahead, several per transaction) stores every row once, with each chunk redelivered in the same batch", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutQueue(t.site.id, 2_450);
    expect(chunks).toHaveLength(25);
    // More chunks than one transaction takes, each twice, out of order, in one batch.
    const result = await deliver([...chunks, ...[...chunks].reverse()]);
    expect(result.explicitAcks).toHaveLength(50);
    expect(result.retryMessages).toHaveLength(0);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      processedRows: 2_450,
      successCount: 2_450,
      failureCount: 0,
    });
    const stored = await env.DB.prepare("SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM ledger WHERE job_id = ?")
      .bind(jobId)
      .first<{ n: number; keys: number }>();
    expect(stored).toEqual({ n: 2_450, keys: 2_450 });
  });

  it("a record in two jobs of the site, whose chunks share one batch and transaction, is stored once and fails in the later chunk", async () => {
    const t = await createTenant();
    const a = await jobWithoutQueue(t.site.id, 100); // rows 1–100
    const b = await jobWithoutQueue(t.site.id, 100, 61); // rows 61–160: 40 records already in job a
    const result = await deliver([a.chunks[0]!, b.chunks[0]!]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await jobStatus(t.site.id, t.secret, a.jobId)).toMatchObject({ status: "complete", successCount: 100, failureCount: 0 });
    expect(await jobStatus(t.site.id, t.secret, b.jobId)).toMatchObject({
      status: "partialcomplete",
      processedRows: 100,
      successCount: 60,
      failureCount: 40,
    });
    expect(await ledgerRows(a.jobId)).toBe(100);
    expect(await ledgerRows(b.jobId)).toBe(60);
    const failures = await env.DB.prepare(
      "SELECT min(row_number) AS first, max(row_number) AS last, count(*) AS n FROM batch_failures WHERE job_id = ?",
    )
      .bind(b.jobId)
      .first<{ first: number; last: number; n: number }>();
    expect(failures).toEqual({ first: 1, last: 40, n: 40 });
  });

  it("a chunk whose file went missing fails its job without holding back the other job's chunks of the same batch", async () => {
    const t = await createTenant();
    const a = await jobWithoutQueue(t.site.id, 200);
    const b = await jobWithoutQueue(t.site.id, 200, 1_001);
    await env.UPLOADS.delete(b.chunks[0]!.objectKey);
    const result = await deliver([a.chunks[0]!, b.chunks[0]!, a.chunks[1]!, b.chunks[1]!]);
    expect(result.explicitAcks).toHaveLength(4);
    expect(await jobStatus(t.site.id, t.secret, a.jobId)).toMatchObject({ status: "complete", successCount: 200 });
    expect(await jobStatus(t.site.id, t.secret, b.jobId)).toMatchObject({
      status: "failed",
      processedRows: 200,
      successCount: 0,
      failureCount: 200,
      failureReason: "The uploaded file is no longer stored",
    });
    expect(await ledgerRows(b.jobId)).toBe(0);
  });

  it("an undecodable message is dead-lettered at once, not retried", async () => {
    const result = await deliver([{ v: 1, kind: "batch-chunk", jobId: "x" } as unknown as BatchJobMessage]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
  });
});
