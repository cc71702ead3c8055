import { z } from "@hono/zod-openapi";
import { type ErrorCode, errorCodes } from "./errors";

// Building blocks for the error responses of an operation in /openapi.json. Every surface
// documents its errors with its own body schema (a named component); these put the schema, the
// description and the headers an error carries together the same way everywhere.

/** Statuses an operation can answer with an error (405 and unknown routes are not operations'). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

type Header = { description: string; required: boolean; schema: { type: "integer"; minimum: number } };
const integer = (description: string, minimum = 1): Header => ({ description, required: true, schema: { type: "integer", minimum } });

/** Headers every response of a rate-limited operation carries, errors included (contract §2). */
export const rateLimitHeaders = {
  "RateLimit-Limit": integer("Requests allowed per window"),
  "RateLimit-Remaining": integer("Requests left in the current window", 0),
  "RateLimit-Reset": integer("Whole seconds until the window resets"),
};

/** Headers of a 429 (contract §2) and of a 503 (contract §0). */
const errorHeaders: Partial<Record<ErrorStatus, Record<string, Header>>> = {
  429: {
    "Retry-After": integer("Whole seconds until the window resets: a retry after that long succeeds if nothing else used the budget"),
    ...rateLimitHeaders,
  },
  503: { "Retry-After": integer("Whole seconds to wait before retrying") },
};

type Content = Record<string, { schema: z.ZodType }>;
type ErrorResponse = { description: string; content: Content; headers?: Record<string, Header> };

/**
 * The error responses of an operation: each status with its description, its body (`content`,
 * usually `{"application/json": {schema}}` with the surface's error schema) and, for 429 and 503,
 * the Retry-After header.
 */
export function errorResponses<D extends Partial<Record<ErrorStatus, string>>>(
  content: Content | ((status: ErrorStatus) => Content),
  descriptions: D,
) {
  const out = {} as { [S in keyof D]: ErrorResponse };
  for (const [key, description] of Object.entries(descriptions)) {
    const status = Number(key) as ErrorStatus;
    const headers = errorHeaders[status];
    out[status as keyof D] = {
      description: description as string,
      content: typeof content === "function" ? content(status) : content,
      ...(headers ? { headers } : {}),
    };
  }
  return out;
}

/** `{"application/json": {schema}}`. */
export const json = (schema: z.ZodType): Content => ({ "application/json": { schema } });

/** The native error body (admin, reporting, operations; contract §7). */
export const nativeErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().openapi({ example: "limit: Too big: expected number to be <=1000" }),
      requestId: z.string().openapi({ description: "Equal to the X-Request-Id header" }),
      details: z
        .array(
          z.object({
            field: z.string().openapi({ description: "Dotted path of the field; empty for the body as a whole" }),
            message: z.string(),
          }),
        )
        .optional()
        .openapi({ description: "Validation failures: every problem found" }),
    }),
  })
  .openapi("NativeError", { description: "The native error body: `{error: {code, message, requestId, details?}}`" });

/** Native error responses, by status. */
export const nativeErrors = <D extends Partial<Record<ErrorStatus, string>>>(descriptions: D) =>
  errorResponses(json(nativeErrorBody), descriptions);

/** The refusals of the Idempotency-Key (src/idempotency), on the operations that take one. */
export const idempotencyErrors = {
  409: "A request with the same Idempotency-Key is still running (Retry-After)",
  422: "The Idempotency-Key was already used with a different request",
} as const;

/** The description of a 500 everywhere: no input causes one (contract §0). */
/** The 503 of every rate-limited or authenticated operation when the rate-limit object fails. */
export const RATE_LIMITER_UNAVAILABLE = "The rate limiter could not be reached: nothing was done; retry after Retry-After";

export const INTERNAL_ERROR = "Unexpected failure of the Worker or its storage (never caused by the input)";
