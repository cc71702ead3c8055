import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { rateLimit } from "../../ratelimit/middleware";
import { findJob, TERMINAL_STATUSES } from "./job-store";
import { jobStatusView } from "./job-view";
import { armJobWatchdog } from "./job-watchdog";
import { batchErrorResponses, batchSecurity, jobParams, jobStatus } from "./schemas";

export const getJobStatusRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/batch/{jobId}/status",
  tags: ["Revenue batch jobs"],
  summary: "Progress and counters of a batch job",
  description:
    "Status: pending → processing → complete (no failures) | partialcomplete (some rows stored, some failed) | " +
    "failed (no row stored, or a fatal error; see failureReason). Terminal ⇒ percentageProgress 100 and " +
    "processedRows = totalRows = successCount + failureCount.",
  security: batchSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: jobParams },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: jobStatus } } },
    ...batchErrorResponses,
  },
});

export function registerGetJobStatus(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getJobStatusRoute, async (c) => {
    const { siteId, jobId } = c.req.valid("param");
    const job = await findJob(c.var.db, siteId, jobId);
    if (!job) throw new ApiError({ code: "NOT_FOUND", message: `Job ${jobId} not found` });
    if (!TERMINAL_STATUSES.has(job.status)) {
      // Belt and braces: a client watching a live job keeps the watchdog awake (off the response path).
      c.executionCtx.waitUntil(
        armJobWatchdog(c.env).catch((err) =>
          console.error(JSON.stringify({ level: "warn", msg: "job watchdog not armed", error: String(err) })),
        ),
      );
    }
    return c.json(jobStatusView(job), 200);
  });
}
