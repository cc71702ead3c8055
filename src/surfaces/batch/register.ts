import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerGetJobFailures } from "./get-job-failures";
import { registerGetJobStatus } from "./get-job-status";
import { registerGetTemplate } from "./get-template";
import { registerListJobs } from "./list-jobs";
import { registerPostUploadBatch } from "./post-upload-batch";
import { registerPutUpload } from "./put-upload";

/** The CSV revenue batch surface (Ruler-compatible, contract §5; docs/batch-csv.md). */
export function registerBatchRoutes(app: OpenAPIHono<AppEnv>): void {
  registerPostUploadBatch(app);
  registerListJobs(app); // before …/batch/{jobId}/… so "jobs" is never taken for a job id
  registerGetJobStatus(app);
  registerGetJobFailures(app);
  registerGetTemplate(app);
  registerPutUpload(app);
}
