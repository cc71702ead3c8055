import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The closed set of error codes of the native API. Compatible surfaces map an ApiError to
 * their own wire shape (see ./surfaces.ts) and may carry their own `code` strings in
 * `wireCode` (e.g. Trackly's `missing_records`).
 */
export const errorCodes = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** A request with the same Idempotency-Key is still running. */
  IDEMPOTENCY_KEY_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** An Idempotency-Key used again with a different request. */
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorCodes;

export type ApiErrorInit = {
  code: ErrorCode;
  message: string;
  /** Machine-readable code of a compatible surface, when it differs from `code`. */
  wireCode?: string;
  /** Structured details (validation issues, row errors…), shown where the surface has room. */
  details?: unknown;
  headers?: Record<string, string>;
};

/** The one error class thrown at the HTTP edge; onError renders it in the surface's shape. */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly wireCode: string | undefined;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    super(errorCodes[init.code], { message: init.message });
    this.name = "ApiError";
    this.code = init.code;
    this.wireCode = init.wireCode;
    this.details = init.details;
    this.headers = init.headers ?? {};
  }
}

/** Maps any thrown value to an ApiError without leaking internals (stack, SQL). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const code = (Object.entries(errorCodes).find(([, s]) => s === err.status)?.[0] ?? "INTERNAL_SERVER_ERROR") as ErrorCode;
    return new ApiError({ code, message: err.message || "Request failed" });
  }
  return new ApiError({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
}
