import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { jobWatchdog, sweepStalledJobs, watchdogSettings } from "../../src/surfaces/batch/job-watchdog";
import { createTenant } from "../support/fixtures";
import { finishedJob, jobStatus } from "./support/batch-api";
import { backdate, deliver, jobWithoutMessages, ledgerOf, runWatchdog, watchdogColumns } from "./support/stalled-jobs";

const JOBS = "revenue-edge-jobs";
const settings = watchdogSettings(env);
const stallSeconds = settings.stallMs / 1000;

describe("job watchdog: a stalled job finishes by itself", () => {
  it("a job whose start message was never sent (the Worker died after committing it) is started by the watchdog's alarm and completes, each row stored once", async () => {
    const t = await createTenant();
    const { jobId } = await jobWithoutMessages(t.site.id, 250);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({ status: "pending", processedRows: 0 });
    await backdate(jobId, stallSeconds + 1);

    expect(await runWatchdog()).toBe(true);
    expect(await watchdogColumns(jobId)).toMatchObject({ attempts: 1 });
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      totalRows: 250,
      processedRows: 250,
      successCount: 250,
      failureCount: 0,
      percentageProgress: 100,
      failureReason: null,
    });
    expect(await ledgerOf(jobId)).toEqual({ rows: 250, distinctRecords: 250 });
  });

  it("a job whose remaining chunk messages were dropped gets exactly its unprocessed chunks re-sent and completes with exact counters", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 350);
    await deliver(JOBS, [chunks[0], chunks[2]]);
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({ status: "processing", processedRows: 200 });
    await backdate(jobId, stallSeconds + 1);

    const report = await sweepStalledJobs(env, Date.now(), settings);
    expect(report.redriven).toEqual([{ jobId, attempt: 1, chunks: 2 }]);
    expect(report.failed).toEqual([]);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      processedRows: 350,
      successCount: 350,
      failureCount: 0,
    });
    expect(await ledgerOf(jobId)).toEqual({ rows: 350, distinctRecords: 350 });
    const failures = await env.DB.prepare("SELECT count(*) AS n FROM batch_failures WHERE job_id = ?").bind(jobId).first<{ n: number }>();
    expect(failures?.n).toBe(0);
  });

  it("re-sending chunks that are still in the queue never doubles a row: the original and the re-sent messages both arrive", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 200);
    await backdate(jobId, stallSeconds + 1);
    const report = await sweepStalledJobs(env, Date.now(), settings);
    expect(report.redriven).toEqual([{ jobId, attempt: 1, chunks: 2 }]);
    // The "lost" messages turn up after all, late, while the re-sent ones are processed.
    await Promise.all([deliver(JOBS, chunks), deliver(JOBS, [...chunks].reverse())]);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({
      status: "complete",
      processedRows: 200,
      successCount: 200,
      failureCount: 0,
    });
    expect(await ledgerOf(jobId)).toEqual({ rows: 200, distinctRecords: 200 });
  });

  it("a job that made progress within JOB_STALL_SECONDS is left alone", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 300);
    await backdate(jobId, stallSeconds * 3);
    await deliver(JOBS, [chunks[1]]); // progress just now
    const report = await sweepStalledJobs(env, Date.now(), settings);
    expect(report.redriven.map((r) => r.jobId)).not.toContain(jobId);
    expect(await watchdogColumns(jobId)).toEqual({ attempts: 0, recoveredAt: null });
    expect(await jobStatus(t.site.id, t.secret, jobId)).toMatchObject({ status: "processing", processedRows: 100 });
  });

  it("progress after a re-send starts the count of attempts again", async () => {
    const t = await createTenant();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 300);
    await env.DB.prepare("UPDATE batch_jobs SET recovery_attempts = 3, recovered_at = ?2 WHERE id = ?1")
      .bind(jobId, new Date().toISOString())
      .run();
    await deliver(JOBS, [chunks[0]]);
    await backdate(jobId, stallSeconds + 1);
    const report = await sweepStalledJobs(env, Date.now(), settings);
    expect(report.redriven).toEqual([{ jobId, attempt: 1, chunks: 2 }]);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({ status: "complete", successCount: 300 });
  });

  it("the alarm re-arms itself while a live job exists and stops once none is left", async () => {
    const t = await createTenant();
    // Only this test's job is live.
    await env.DB.prepare("UPDATE batch_jobs SET status = 'failed' WHERE status IN ('pending', 'processing')").run();
    const { jobId, chunks } = await jobWithoutMessages(t.site.id, 100);
    const alarmAt = () => runInDurableObject(jobWatchdog(env), (_instance, state) => state.storage.getAlarm());
    expect(await alarmAt()).not.toBeNull();

    expect(await runWatchdog()).toBe(true);
    const next = await alarmAt();
    expect(next).not.toBeNull();
    expect(next! - Date.now()).toBeLessThanOrEqual(settings.intervalMs);

    await deliver(JOBS, chunks);
    expect((await jobStatus(t.site.id, t.secret, jobId)).status).toBe("complete");
    expect(await runWatchdog()).toBe(true);
    expect(await alarmAt()).toBeNull();
  });
});
