/**
 * One error class per kind of failure, so a caller can act on it with `instanceof`:
 * fix the input (ValidationError), fix the credentials (AuthError), slow down
 * (RateLimitError), look at what is already stored (ConflictError), or try again later
 * (ServerError, NetworkError, TimeoutError). Every error carries the request id, which the
 * server logs and returns in `X-Request-Id`.
 */

/** One problem the server found in the input, whatever the surface's error shape. */
export type ValidationIssue = {
  message: string;
  /** Field at fault: a JSON path (native API), a column (CSV), a field name (account files). */
  field?: string | null;
  /** CSV batch: data row, counted from 1 after the header (`null` for file or header errors). */
  row?: number | null;
  /** CSV batch: physical line in the file where the row starts. */
  line?: number | null;
  /** Account files: record number, counted from 1 after the header. */
  record?: number | null;
  /** Bulk imports: index of the item in the caller's array. */
  index?: number;
  /** Machine-readable code, where the surface has one (e.g. `missing_records`). */
  code?: string;
};

export type RevenueEdgeErrorInit = {
  message: string;
  status?: number;
  requestId?: string;
  code?: string;
  body?: unknown;
  cause?: unknown;
};

/** The base of every error the SDK throws. */
export class RevenueEdgeError extends Error {
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The request id: the server's `X-Request-Id`, or the one the SDK sent. */
  readonly requestId: string | undefined;
  /** The server's error code, when it sent one. */
  readonly code: string | undefined;
  /** The response body as parsed (JSON) or text. */
  readonly body: unknown;

  constructor(init: RevenueEdgeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.requestId = init.requestId;
    this.code = init.code;
    this.body = init.body;
  }
}

/**
 * 400, 413, 415, 422: the request was refused because of what it carries; nothing was stored
 * (422: an Idempotency-Key already used with a different request).
 */
export class ValidationError extends RevenueEdgeError {
  /** Every problem listed by the server (per field, per row or per record). */
  readonly issues: ValidationIssue[];
  /** How many problems the server counted (it may list fewer, e.g. the first 1,000 rows). */
  readonly issueCount: number;

  constructor(init: RevenueEdgeErrorInit & { issues?: ValidationIssue[]; issueCount?: number }) {
    super(init);
    this.issues = init.issues ?? [];
    this.issueCount = init.issueCount ?? this.issues.length;
  }
}

/** 401 (missing, malformed, revoked or expired credentials) and 403 (not allowed). */
export class AuthError extends RevenueEdgeError {}

/** 404: the site, job, contact or account does not exist (for these credentials). */
export class NotFoundError extends RevenueEdgeError {}

/**
 * 409: already stored (same Reference and date), job not finished yet, or a request with the
 * same Idempotency-Key still running (then with `retryAfter`, and retried by the SDK).
 */
export class ConflictError extends RevenueEdgeError {
  readonly retryAfter: number | undefined;
  constructor(init: RevenueEdgeErrorInit & { retryAfter?: number }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 429: over the token's rate limit. `retryAfter` is in seconds. */
export class RateLimitError extends RevenueEdgeError {
  readonly retryAfter: number | undefined;
  constructor(init: RevenueEdgeErrorInit & { retryAfter?: number }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx. A 503 carries `retryAfter` (seconds): nothing was accepted, try again then. */
export class ServerError extends RevenueEdgeError {
  readonly retryAfter: number | undefined;
  constructor(init: RevenueEdgeErrorInit & { retryAfter?: number }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** The server could not be reached, or the connection broke before a response. */
export class NetworkError extends RevenueEdgeError {}

/** No response within `timeoutMs`. */
export class TimeoutError extends RevenueEdgeError {}

/** A batch job's `wait()` gave up (its own `timeoutMs`) before the job was terminal. */
export class JobWaitTimeoutError extends RevenueEdgeError {}
