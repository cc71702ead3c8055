// The job watchdog: no accepted batch job stays `pending` or `processing` forever.
//
// A job leaves `processing` only through a delivered queue message (its last chunk, a fatal
// error, or the dead-letter consumer). Messages can be lost: the local queue broker keeps them
// in memory (a crash of `wrangler dev` drops them), the Worker can die between committing the
// job and sending its start message, a message can outlive the queue's retention, and the
// dead-letter consumer's own retries can run out. So one Durable Object, armed before a job is
// committed, wakes up every few seconds while live jobs exist (an alarm: it runs under
// `wrangler dev` and on Cloudflare alike, without anyone calling it) and sweeps D1:
//
// - a live job that made no progress (no chunk written, no re-send) for `JOB_STALL_SECONDS`
//   gets a message for every chunk not written yet. Chunks are claimed exactly once
//   (chunk-store.ts), so a re-send never doubles a row, whatever else is still in the queue;
// - after `JOB_RECOVERY_ATTEMPTS` re-sends in a row without progress, the job ends `failed`
//   with a reason saying what happened and what to do.
//
// With no live job the alarm is not re-armed: an idle system costs nothing.
import { DurableObject } from "cloudflare:workers";
import { config } from "../../config";
import { sendUnprocessedChunks } from "./chunk-messages";
import { failJob } from "./job-store";

export type WatchdogSettings = {
  /** A live job with no progress for this long is re-driven. */
  stallMs: number;
  /** Re-sends in a row without progress before the job is failed. */
  maxAttempts: number;
  /** Time between two sweeps while live jobs exist. */
  intervalMs: number;
};

/** The watchdog's settings, from `JOB_STALL_SECONDS` and `JOB_RECOVERY_ATTEMPTS` (src/config.ts). */
export function watchdogSettings(env: Env): WatchdogSettings {
  const { jobStallSeconds, jobRecoveryAttempts } = config(env);
  const stallMs = jobStallSeconds * 1000;
  return {
    stallMs,
    maxAttempts: jobRecoveryAttempts,
    // Four looks per stall period: a stall is seen at most a quarter period late.
    intervalMs: Math.min(60_000, Math.max(1_000, Math.round(stallMs / 4))),
  };
}

/** Time between sweeps while the configuration cannot be read (it is logged by config()). */
const FALLBACK_INTERVAL_MS = 60_000;

/** At most this many live jobs are looked at per sweep (the oldest first); the rest wait for the next. */
const JOBS_PER_SWEEP = 100;

const LIVE_JOBS = `
SELECT j.id, j.created_at AS createdAt, j.total_rows AS totalRows, j.processed_rows AS processedRows,
  j.chunk_count AS chunkCount, j.recovery_attempts AS attempts, j.recovered_at AS recoveredAt,
  (SELECT max(c.done_at) FROM batch_chunks c WHERE c.job_id = j.id) AS lastDoneAt,
  (SELECT count(*) FROM batch_chunks c WHERE c.job_id = j.id AND c.done_at IS NULL) AS chunksLeft
FROM batch_jobs j
WHERE j.status IN ('pending', 'processing')
ORDER BY j.created_at
LIMIT ?1`;

type LiveJob = {
  id: string;
  createdAt: string;
  totalRows: number;
  processedRows: number;
  chunkCount: number;
  attempts: number;
  recoveredAt: string | null;
  lastDoneAt: string | null;
  chunksLeft: number;
};

const RECORD_ATTEMPT = `
UPDATE batch_jobs SET recovery_attempts = ?2, recovered_at = ?3
WHERE id = ?1 AND status IN ('pending', 'processing')`;

export type SweepReport = {
  /** Live jobs seen (still to be watched). */
  live: number;
  /** Jobs whose unprocessed chunks were re-sent, with the number of chunks. */
  redriven: Array<{ jobId: string; attempt: number; chunks: number }>;
  /** Jobs ended as failed. */
  failed: string[];
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The failure reason of a job the watchdog gives up on: what happened, and what to do. */
export function stalledJobReason(
  job: Pick<LiveJob, "chunksLeft" | "chunkCount" | "totalRows" | "processedRows">,
  settings: WatchdogSettings,
): string {
  const minutes = Math.round(((settings.maxAttempts + 1) * settings.stallMs) / 60_000);
  return (
    `Processing stopped: ${job.chunksLeft} of ${plural(job.chunkCount, "chunk")} made no progress for about ${plural(minutes, "minute")}, ` +
    `although the watchdog re-sent them ${plural(settings.maxAttempts, "time")} (their queue messages were lost or kept failing). ` +
    `The ${plural(job.totalRows - job.processedRows, "row")} not processed are counted as failed; upload the file again to store them ` +
    `(rows already stored fail as duplicates).`
  );
}

/**
 * One look at every live job (oldest first, at most JOBS_PER_SWEEP): re-drive the stalled ones,
 * fail those that stayed stalled through every attempt.
 */
export async function sweepStalledJobs(env: Env, now: number, settings: WatchdogSettings): Promise<SweepReport> {
  const { results } = await env.DB.prepare(LIVE_JOBS).bind(JOBS_PER_SWEEP).all<LiveJob>();
  const report: SweepReport = { live: results.length, redriven: [], failed: [] };
  for (const job of results) {
    const lastDone = job.lastDoneAt ? Date.parse(job.lastDoneAt) : 0;
    const lastRecovery = job.recoveredAt ? Date.parse(job.recoveredAt) : 0;
    const lastProgress = Math.max(Date.parse(job.createdAt), lastDone, lastRecovery);
    if (now - lastProgress < settings.stallMs) continue;

    // Progress since the last re-send starts the count again.
    const attempt = job.recoveredAt === null || lastDone > lastRecovery ? 1 : job.attempts + 1;
    if (attempt > settings.maxAttempts) {
      const reason = stalledJobReason(job, settings);
      await failJob(env.DB, job.id, reason);
      report.failed.push(job.id);
      console.error(
        JSON.stringify({ level: "error", msg: "batch job failed by the watchdog", jobId: job.id, chunksLeft: job.chunksLeft, reason }),
      );
      continue;
    }
    // Sent before the attempt is recorded: if the queue refuses, the attempt is not counted
    // (the queue being down is not the job's fault) and the next sweep tries again.
    try {
      const chunks = await sendUnprocessedChunks(env, job.id);
      await env.DB.prepare(RECORD_ATTEMPT).bind(job.id, attempt, new Date(now).toISOString()).run();
      report.redriven.push({ jobId: job.id, attempt, chunks });
      console.log(
        JSON.stringify({ level: "warn", msg: "batch job stalled, chunks re-sent by the watchdog", jobId: job.id, attempt, chunks }),
      );
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "watchdog could not re-send a stalled job", jobId: job.id, error: String(err) }));
    }
  }
  return report;
}

/**
 * The one watchdog object (named `batch-jobs`). `arm()` makes sure an alarm is set; the alarm
 * sweeps and re-arms itself while live jobs exist. It never throws: an error is logged and the
 * alarm re-armed, so a D1 outage cannot switch the watchdog off.
 */
export class JobWatchdog extends DurableObject<Env> {
  /** Called before a job is committed (and when a live job's status is read). */
  async arm(): Promise<void> {
    const at = await this.ctx.storage.getAlarm();
    // A time in the past is the alarm running right now, which may be about to stop watching.
    if (at === null || at <= Date.now()) await this.ctx.storage.setAlarm(Date.now() + this.intervalMs());
  }

  override async alarm(): Promise<void> {
    let live = 1;
    try {
      live = (await sweepStalledJobs(this.env, Date.now(), watchdogSettings(this.env))).live;
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "job watchdog sweep failed", error: String(err) }));
    }
    if (live > 0) await this.ctx.storage.setAlarm(Date.now() + this.intervalMs());
  }

  private intervalMs(): number {
    try {
      return watchdogSettings(this.env).intervalMs;
    } catch {
      return FALLBACK_INTERVAL_MS;
    }
  }
}

/** The watchdog object's stub. */
export function jobWatchdog(env: Env): DurableObjectStub<JobWatchdog> {
  return env.JOB_WATCHDOG.get(env.JOB_WATCHDOG.idFromName("batch-jobs"));
}

/** Makes sure the watchdog is awake (one Durable Object call). */
export async function armJobWatchdog(env: Env): Promise<void> {
  await jobWatchdog(env).arm();
}
