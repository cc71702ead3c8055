// A job as the batch surface shows it (contract §5).
import type { BatchJob } from "./job-store";

/** Whole percent, rounded down so 100 means done; a terminal job is always 100. */
export function percentageProgress(job: Pick<BatchJob, "status" | "processedRows" | "totalRows">): number {
  if (job.status === "complete" || job.status === "partialcomplete" || job.status === "failed") return 100;
  return job.totalRows === 0 ? 0 : Math.floor((job.processedRows * 100) / job.totalRows);
}

export function jobStatusView(job: BatchJob) {
  return {
    jobId: job.id,
    jobType: "revenue" as const,
    status: job.status,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    percentageProgress: percentageProgress(job),
    successCount: job.successCount,
    failureCount: job.failureCount,
    createdDateTime: job.createdAt,
    completedDateTime: job.completedAt,
    failureReason: job.failureReason,
  };
}

export function jobListView(job: BatchJob) {
  return {
    jobId: job.id,
    jobType: "revenue" as const,
    status: job.status,
    percentageProgress: percentageProgress(job),
    failureReason: job.failureReason,
    createdDateTime: job.createdAt,
  };
}
