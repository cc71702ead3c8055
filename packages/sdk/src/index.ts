export { type Me, RevenueEdge, type RevenueEdgeOptions } from "./client.js";
export { ClientCredentials } from "./credentials.js";
export { addDecimals } from "./decimal.js";
export {
  AuthError,
  ConflictError,
  JobWaitTimeoutError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  RevenueEdgeError,
  ServerError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from "./errors.js";
export type { components, paths } from "./generated/openapi.js";
export { backoffDelayMs, DEFAULT_RETRY, type RetryMode, type RetryOptions } from "./retry.js";
export { Revenue, type RevenueData, type RevenueOptions } from "./revenue.js";
export type * from "./surfaces/accounts.js";
export type * from "./surfaces/admin.js";
export type * from "./surfaces/analytics.js";
export type * from "./surfaces/batch.js";
export { BatchJob, TERMINAL_STATES } from "./surfaces/batch.js";
export type * from "./surfaces/events.js";
export type { FileInput } from "./surfaces/file-input.js";
export type * from "./surfaces/history.js";
export type * from "./surfaces/reporting.js";
export type { RetryInfo } from "./transport.js";
