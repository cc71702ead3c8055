import { ApiError } from "../../http/errors";
import type { ValidationHook } from "../../http/surface";

/**
 * CustomerGauge's wording of a refused request: `{"Data": false, "Errors": [{record: null,
 * field, message}]}` with the first problem found (the routes' schemas carry the messages);
 * a file over the size limit is 413 (its issue says so in `params.status`).
 */
export const accountsValidationHook: ValidationHook = (result) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = issue?.path[0] === undefined ? null : String(issue.path[0]);
  const message = issue?.message ?? "The request is invalid.";
  const tooLarge = (issue as { params?: { status?: number } } | undefined)?.params?.status === 413;
  throw new ApiError({ code: tooLarge ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", message, details: [{ record: null, field, message }] });
};
