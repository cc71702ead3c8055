import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { Surface } from "../../http/surface";
import { renderBatchError } from "./errors";
import { registerGetJobFailures } from "./get-job-failures";
import { registerGetJobStatus } from "./get-job-status";
import { registerGetTemplate } from "./get-template";
import { consumeBatchJobs, failJobsOfDeadLetters } from "./jobs-consumer";
import { registerListJobs } from "./list-jobs";
import { JOBS_QUEUE } from "./messages";
import { registerPostUploadBatch } from "./post-upload-batch";
import { registerPutUpload } from "./put-upload";

function registerBatchRoutes(app: OpenAPIHono<AppEnv>): void {
  registerPostUploadBatch(app);
  registerListJobs(app); // before …/batch/{jobId}/… so "jobs" is never taken for a job id
  registerGetJobStatus(app);
  registerGetJobFailures(app);
  registerGetTemplate(app);
  registerPutUpload(app);
}

/** CSV revenue batch jobs (Ruler-compatible, contract §5; docs/batch-csv.md). */
export const batchSurface: Surface = {
  name: "batch",
  basePaths: [""],
  owns: (path) => /^\/v1\/[^/]+\/(?:revenue\/upload|revenue\/template|batch)(?:\/|$)/.test(path),
  register: registerBatchRoutes,
  renderError: renderBatchError,
  queues: { [JOBS_QUEUE]: consumeBatchJobs },
  // A job whose message exhausted its retries can never finish: it ends as `failed`.
  onDeadLetters: failJobsOfDeadLetters,
};
