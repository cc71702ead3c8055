import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { stalledJobReason, sweepStalledJobs, watchdogSettings } from "../../src/surfaces/batch/job-watchdog";
import { createTenant } from "../support/fixtures";
import { finishedJob, jobStatus } from "./support/batch-api";
import {
  backdate,
  breakStorageFor,
  deliver,
  jobWithoutMessages,
  ledgerOf,
  repairStorageFor,
  watchdogColumns,
} from "./support/stalled-jobs";

const JOBS = "revenue-edge-jobs";
const DEAD_LETTERS = "revenue-edge-dlq";
const settings = watchdogSettings(env);
const stallSeconds = settings.stallMs / 1000;

describe("job watchdog: a job that cannot finish still ends", () => {
  it("a job whose chunks keep failing (and whose dead letters cannot be recorded) ends failed after JOB_RECOVERY_ATTEMPTS re-sends, with a reason saying what to do", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 250);
    await deliver(JOBS, [chunks[0]]);
    await breakStorageFor(jobId);

    for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
      await backdate(jobId, stallSeconds + 1);
      const report = await sweepStalledJobs(env, Date.now(), settings);
      expect(report.redriven).toContainEqual({ jobId, attempt, chunks: 2 });
      expect((await watchdogColumns(jobId))?.attempts).toBe(attempt);
    }
    await backdate(jobId, stallSeconds + 1);
    const report = await sweepStalledJobs(env, Date.now(), settings);
    expect(report.failed).toContain(jobId);

    const status = await jobStatus(t.site.id, t.secret, jobId);
    expect(status).toMatchObject({
      status: "failed",
      totalRows: 250,
      processedRows: 250,
      successCount: 100,
      failureCount: 150,
      percentageProgress: 100,
      failureReason: stalledJobReason({ chunksLeft: 2, chunkCount: 3, totalRows: 250, processedRows: 100 }, settings),
    });
    expect(status.failureReason).toMatch(
      /^Processing stopped: 2 of 3 chunks made no progress for about \d+ minutes, although the watchdog re-sent them \d+ times .*The 150 rows not processed are counted as failed; upload the file again to store them/,
    );
    expect(status.completedDateTime).not.toBeNull();
    expect(await ledgerOf(jobId)).toEqual({ rows: 100, distinctRecords: 100 });
    await repairStorageFor(jobId);
  });

  it("the dead-letter consumer failing until its retries run out does not leave the job stuck: once storage works again the watchdog finishes it, each row once", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 150);
    await deliver(JOBS, [chunks[0]]);
    await breakStorageFor(jobId);

    // The chunk fails on every delivery, then reaches the dead-letter queue, whose consumer
    // fails on every delivery too; after its last retry the queue deletes the message.
    for (let attempts = 1; attempts <= 3; attempts++) {
      const result = await deliver(JOBS, [chunks[1]], attempts);
      expect(result.retryMessages).toHaveLength(1);
    }
    for (let attempts = 1; attempts <= 4; attempts++) {
      const result = await deliver(DEAD_LETTERS, [chunks[1]], attempts);
      expect(result.retryBatch.retry).toBe(true);
      expect(result.explicitAcks).toHaveLength(0);
    }
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({ status: "processing", processedRows: 100 });

    await repairStorageFor(jobId);
    await backdate(jobId, stallSeconds + 1);
    const report = await sweepStalledJobs(env, Date.now(), settings);
    expect(report.redriven).toContainEqual({ jobId, attempt: 1, chunks: 1 });
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      processedRows: 150,
      successCount: 150,
      failureCount: 0,
    });
    expect(await ledgerOf(jobId)).toEqual({ rows: 150, distinctRecords: 150 });
  });
});
