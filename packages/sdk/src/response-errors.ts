import {
  AuthError,
  ConflictError,
  NotFoundError,
  RateLimitError,
  RevenueEdgeError,
  ServerError,
  ValidationError,
  type ValidationIssue,
} from "./errors.js";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | null | undefined => (typeof v === "number" ? v : v === null ? null : undefined);

/** `Retry-After` in seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Reads the error body of any surface: native `{error:{code,message,requestId,details}}`,
 * Pulsora `{message}` / `{error}`, Trackly `{error, code}`, Ruler `{message, errorCount, errors}`,
 * CustomerGauge `{Data:false, Errors}`, OAuth2 `{error, error_description}`.
 */
function readErrorBody(body: unknown): {
  message?: string;
  code?: string;
  requestId?: string;
  issues: ValidationIssue[];
  issueCount?: number;
} {
  if (typeof body === "string") return { message: body.trim().slice(0, 500) || undefined, issues: [] };
  if (!isRecord(body)) return { issues: [] };
  if (isRecord(body.error)) {
    const e = body.error;
    const details = Array.isArray(e.details) ? e.details : [];
    return {
      message: str(e.message),
      code: str(e.code),
      requestId: str(e.requestId),
      issues: details.filter(isRecord).map((d) => ({ message: str(d.message) ?? "", field: str(d.field) ?? null })),
    };
  }
  if (Array.isArray(body.Errors)) {
    const issues = body.Errors.filter(isRecord).map((e) => ({
      message: str(e.message) ?? "",
      field: str(e.field) ?? null,
      record: num(e.record) ?? null,
    }));
    return { message: issues.length === 1 ? issues[0]!.message : `${issues.length} problems found in the file`, issues };
  }
  if (Array.isArray(body.errors)) {
    const issues = body.errors.filter(isRecord).map((e) => ({
      message: str(e.message) ?? str(e.error) ?? "",
      field: str(e.column) ?? str(e.field) ?? null,
      row: num(e.rowNumber) ?? null,
      line: num(e.line) ?? null,
      ...(typeof e.index === "number" ? { index: e.index } : {}),
      ...(typeof e.code === "string" ? { code: e.code } : {}),
    }));
    return { message: str(body.message), issues, issueCount: typeof body.errorCount === "number" ? body.errorCount : undefined };
  }
  const oauthDescription = str(body.error_description);
  return {
    message: oauthDescription ?? str(body.message) ?? str(body.error),
    code: oauthDescription ? str(body.error) : str(body.code),
    issues: [],
  };
}

/** Maps a non-2xx response to the error class of its kind. */
export function errorFromResponse(response: Response, body: unknown, sentRequestId: string | undefined): RevenueEdgeError {
  const status = response.status;
  const parsed = readErrorBody(body);
  const requestId = response.headers.get("x-request-id") ?? parsed.requestId ?? sentRequestId;
  const message = parsed.message ?? `HTTP ${status} ${response.statusText}`.trim();
  const init = { message, status, requestId, code: parsed.code, body };
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    return new ValidationError({ ...init, issues: parsed.issues, issueCount: parsed.issueCount });
  }
  if (status === 401 || status === 403) return new AuthError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return new ConflictError({ ...init, retryAfter });
  if (status === 429) return new RateLimitError({ ...init, retryAfter });
  if (status >= 500) return new ServerError({ ...init, retryAfter });
  return new RevenueEdgeError(init);
}
