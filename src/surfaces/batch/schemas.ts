import { z } from "@hono/zod-openapi";
import { batchJobStatuses } from "../../db/schema";
import { type ErrorStatus, errorResponses, INTERNAL_ERROR, json, RATE_LIMITER_UNAVAILABLE } from "../../http/error-responses";

/** Ruler documents `Authorization: Bearer {access-token}`. */
export const batchSecurity: Array<Record<string, string[]>> = [{ bearer: [] }];

export const siteParam = z.object({ siteId: z.string().openapi({ param: { name: "siteId", in: "path" }, example: "site_0123…" }) });
export const jobParams = siteParam.extend({
  jobId: z.string().openapi({ param: { name: "jobId", in: "path" }, example: "job_0123…" }),
});

export const rowError = z
  .object({
    rowNumber: z.number().int().nullable().openapi({ description: "Data row from 1 (header excluded); null for file and header errors" }),
    line: z.number().int().nullable().openapi({ description: "Physical line of the file (quoted fields may span lines)" }),
    column: z.string().nullable().openapi({ description: "Column (CSV) or field (JSON) at fault; null when no single one is" }),
    message: z.string(),
  })
  .openapi("BatchRowError");

export const batchValidationFailure = z
  .object({
    message: z.string(),
    errorCount: z.number().int().openapi({ description: "All errors found" }),
    errors: z.array(rowError).openapi({ description: "At most 1,000" }),
  })
  .openapi("BatchValidationFailure");

export const batchError = z.object({ message: z.string() }).openapi("BatchError");

/**
 * A 400 of a route that refuses files or records: their errors listed, or `{message}` alone for
 * a request refused as a whole (a malformed Idempotency-Key, a body that could not be read).
 */
export const batchRefusal = z.union([batchValidationFailure, batchError]).openapi("BatchRefusal", {
  description: "A refused file or record: BatchValidationFailure; a request refused as a whole: BatchError",
});

/**
 * The batch surface's error responses, by status: `{message}` (BatchError), or the schema given
 * in `bodies` for a status.
 */
export const batchErrors = <D extends Partial<Record<ErrorStatus, string>>>(
  descriptions: D,
  bodies: Partial<Record<ErrorStatus, z.ZodType>> = {},
) => errorResponses((status) => json(bodies[status] ?? batchError), descriptions);

/** Responses every route of the surface can give (authenticated, rate limited, `/{siteId}/` paths). */
export const commonErrors = {
  401: "Missing or invalid token",
  403: "The token belongs to another site, or is not a secret token",
  404: "No such site",
  429: "Rate limited, or too many failed authentications from this address",
  500: INTERNAL_ERROR,
  503: RATE_LIMITER_UNAVAILABLE,
} as const;

export const jobStatus = z
  .object({
    jobId: z.string(),
    jobType: z.literal("revenue"),
    status: z.enum(batchJobStatuses),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    percentageProgress: z.number().int().min(0).max(100),
    successCount: z.number().int(),
    failureCount: z.number().int(),
    createdDateTime: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    completedDateTime: z.string().nullable(),
    failureReason: z.string().nullable(),
  })
  .openapi("BatchJobStatus");

export const jobListItem = z
  .object({
    jobId: z.string(),
    jobType: z.literal("revenue"),
    status: z.enum(batchJobStatuses),
    percentageProgress: z.number().int().min(0).max(100),
    failureReason: z.string().nullable(),
    createdDateTime: z.string(),
  })
  .openapi("BatchJobListItem");
