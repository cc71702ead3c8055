import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import { config } from "../../config";
import type { AppEnv } from "../../env";
import { RevenueCsvValidator, type ValidationOutcome } from "../../formats/revenue-csv/validate-file";
import { limitBody } from "../../http/body-limit";
import { idempotencyErrors, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { idempotent } from "../../idempotency/middleware";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { rateLimit } from "../../ratelimit/middleware";
import { createJob, deleteJob } from "./job-store";
import { armJobWatchdog } from "./job-watchdog";
import type { BatchStartMessage } from "./messages";
import { readMultipartFile } from "./multipart-file";
import { StreamingR2Upload } from "./r2-upload";
import { batchErrors, batchRefusal, batchSecurity, batchValidationFailure, commonErrors, siteParam } from "./schemas";

/** Room for the multipart envelope (boundaries, part headers, small fields) around the file. */
const ENVELOPE_BYTES = 64 * 1024;

export type BatchLimits = { maxBytes: number; maxRows: number };

export function batchLimits(env: Env): BatchLimits {
  const { batchMaxBytes, batchMaxRows } = config(env);
  return { maxBytes: batchMaxBytes, maxRows: batchMaxRows };
}

const tooLarge = (message: string) => new ApiError({ code: "PAYLOAD_TOO_LARGE", message });

/** A 400 in the contract's row-error shape for a problem with the request as a whole. */
export const requestRefusal = (message: string, code: "BAD_REQUEST" | "UNSUPPORTED_MEDIA_TYPE" = "BAD_REQUEST") =>
  new ApiError({ code, message, details: { errorCount: 1, errors: [{ rowNumber: null, line: null, column: null, message }] } });

/**
 * 413 from Content-Length before anything is read (contract §0); without one the body is counted
 * as it streams (the validator counts the file itself), never buffered; a body that fails while
 * being read is a 400.
 */
const contentLengthLimit = limitBody((c) => batchLimits(c.env).maxBytes + ENVELOPE_BYTES, {
  stream: true,
  tooLarge: (max) => tooLarge(`The file is larger than the limit of ${max - ENVELOPE_BYTES} bytes`),
  unreadable: () =>
    requestRefusal("The request body could not be read: the connection ended before the body did, or its chunked encoding is malformed."),
});

function refusal(outcome: Exclude<ValidationOutcome, { ok: true }>): ApiError {
  if (outcome.reason === "too_large") return tooLarge(outcome.message);
  const { errorCount, errors } = outcome;
  return new ApiError({
    code: "BAD_REQUEST",
    message: `The file was refused: ${errorCount} error${errorCount === 1 ? "" : "s"} found, nothing was stored`,
    details: { errorCount, errors },
  });
}

/**
 * Reads the upload once, as it arrives: every byte goes to the validator and to R2 (as parts
 * of a multipart upload that only becomes an object if the file is valid).
 */
async function receiveFile(c: Context<AppEnv>, upload: StreamingR2Upload, validator: RevenueCsvValidator): Promise<ValidationOutcome> {
  const read = await readMultipartFile(c.req.raw, {
    field: "file",
    onBytes: (bytes) => {
      const more = validator.write(bytes);
      // Once the file is known to be refused, R2 is spared the rest (the upload is aborted).
      if (more && !validator.hasErrors) upload.write(bytes);
      return more;
    },
    afterChunk: () => upload.flush(),
  });
  if (!read.ok) throw requestRefusal(read.message, read.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST");
  return validator.end();
}

async function startJob(c: Context<AppEnv>): Promise<string> {
  const siteId = c.var.principal.siteId;
  const jobId = newId("job");
  const objectKey = `batch/${siteId}/${jobId}.csv`;
  const upload = new StreamingR2Upload(c.env.UPLOADS, objectKey, {
    httpMetadata: { contentType: "text/csv; charset=utf-8" },
    customMetadata: { siteId, jobId },
  });
  const validator = new RevenueCsvValidator({ ...batchLimits(c.env), nowMs: Date.now() });
  let outcome: ValidationOutcome;
  try {
    outcome = await receiveFile(c, upload, validator);
    if (!outcome.ok) throw refusal(outcome);
    await upload.complete();
  } catch (err) {
    await upload.abort();
    throw err;
  }

  try {
    // Armed before the job is committed, so that even a Worker dying between the commit and the
    // start message below leaves a job the watchdog will start (README § Reliability).
    await armJobWatchdog(c.env);
  } catch (err) {
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.get("requestId"),
        msg: "job watchdog unavailable, upload refused",
        error: String(err),
      }),
    );
    await c.env.UPLOADS.delete(objectKey);
    throw new ApiError({
      code: "SERVICE_UNAVAILABLE",
      message: "The job could not be scheduled; nothing was stored. Retry the upload.",
      headers: { "Retry-After": "1" },
    });
  }
  try {
    await createJob(c.env.DB, {
      id: jobId,
      siteId,
      objectKey,
      fileBytes: outcome.bytes,
      header: outcome.header.names,
      totalRows: outcome.totalRows,
      chunks: outcome.chunks,
    });
  } catch (err) {
    await c.env.UPLOADS.delete(objectKey);
    throw err;
  }
  try {
    const start: BatchStartMessage = { v: 1, kind: "batch-start", jobId };
    await c.env.JOBS_QUEUE.send(start);
  } catch (err) {
    // Nothing was queued, so nothing will be processed: take the job back and say so.
    console.error(
      JSON.stringify({ level: "error", requestId: c.get("requestId"), msg: "batch job not queued", jobId, error: String(err) }),
    );
    await deleteJob(c.env.DB, jobId);
    await c.env.UPLOADS.delete(objectKey);
    throw new ApiError({
      code: "SERVICE_UNAVAILABLE",
      message: "The job could not be queued; nothing was stored. Retry the upload.",
      headers: { "Retry-After": "1" },
    });
  }
  return jobId;
}

const accepted = z.object({ jobId: z.string().openapi({ example: "job_0123…" }) }).openapi("BatchJobAccepted");

export type PostUploadBatchParams = z.infer<typeof siteParam>;
export type PostUploadBatchResponse = z.infer<typeof accepted>;

const postUploadBatchRoute = createRoute({
  method: "post",
  path: "/v1/{siteId}/revenue/upload/batch",
  operationId: "uploadRevenueCsvBatch",
  tags: ["Revenue batch jobs"],
  summary: "Upload a CSV of revenue records, processed asynchronously (Ruler-compatible)",
  description:
    "Columns (header row required, case-sensitive, any order): RevenueClosedDate, CurrencyCode, Value, RaId, EmailAddress, " +
    "PhoneNumber, PayloadValue (at least one per row), LeadDate, Label (required, may repeat), Reference, " +
    "AdditionalDataProperties (`Name=X,Value=Y` entries joined by `;`). Dates `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm:ss`, " +
    "`yyyy-MM-ddTHH:mm:ss.fffffff` (UTC, not in the future). CSV per RFC 4180 (quoted fields, CRLF or LF, optional UTF-8 BOM). " +
    "The file is streamed into the validator as it arrives and the whole file is validated first: any error → 400 with " +
    "row-level errors and nothing stored. Limits: BATCH_MAX_BYTES (default 50 MiB, from Content-Length before anything is read, " +
    "and while reading) and BATCH_MAX_ROWS (default 500,000) → 413. An Idempotency-Key makes a retry safe (same key and " +
    "file: the first answer again).",
  security: batchSecurity,
  middleware: [
    contentLengthLimit,
    requireToken(),
    rateLimit(),
    requireSiteInPath(),
    idempotent({ maxBodyBytes: (c) => batchLimits(c.env).maxBytes + ENVELOPE_BYTES }),
  ] as const,
  request: {
    params: siteParam,
    headers: idempotencyKeyHeaders,
    body: {
      required: true,
      description: "multipart/form-data with the CSV in the part named `file` (other parts are ignored; one file part only)",
      content: {
        // Streamed by the handler (./multipart-file.ts), so a plain schema: zod would need the whole body first.
        "multipart/form-data": {
          schema: {
            type: "object",
            properties: { file: { type: "string", contentMediaType: "text/csv", description: "The CSV file" } },
            required: ["file"],
          },
          encoding: { file: { contentType: "text/csv, application/octet-stream" } },
        },
      },
    },
  },
  responses: {
    202: {
      description: "Accepted: poll GET /v1/{siteId}/batch/{jobId}/status",
      headers: rateLimitHeaders,
      content: { "application/json": { schema: accepted } },
    },
    ...batchErrors(
      {
        ...commonErrors,
        400: "Refused with row-level errors (rowNumber, line, column, message; at most 1,000 listed), a multipart body without its file part, a body that could not be read, or a malformed Idempotency-Key; nothing stored",
        409: idempotencyErrors[409],
        413: "Over the size or row limit (named in the message)",
        415: "Not multipart/form-data",
        422: idempotencyErrors[422],
        503: "Could not be scheduled or queued, or the rate limiter could not be reached; nothing stored",
      },
      { 400: batchRefusal, 415: batchValidationFailure },
    ),
  },
});

/**
 * `POST /v1/{siteId}/revenue/upload/batch` (Ruler-compatible, contract §5): a CSV in the
 * multipart part `file`, validated whole before anything is stored; valid → 202 `{jobId}` and
 * the rows go through the queue (docs/batch-csv.md).
 */
export function registerPostUploadBatch(app: OpenAPIHono<AppEnv>): void {
  app.openapi(postUploadBatchRoute, async (c) => {
    const jobId = await startJob(c);
    return c.json({ jobId }, 202);
  });
}
