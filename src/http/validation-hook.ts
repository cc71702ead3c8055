import { ApiError } from "./errors";
import type { ValidationHook } from "./surface";

/**
 * The native wording of request-validation failures: 400 with every issue as
 * `details: [{field, message}]` and the first one in the message. Surfaces that speak another
 * API's wire format bring their own hook (see `Surface.validationHook`).
 */
export const nativeValidationHook: ValidationHook = (result) => {
  if (result.success) return;
  const issues = result.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const first = issues[0];
  throw new ApiError({
    code: "BAD_REQUEST",
    message: first ? `${first.field || "body"}: ${first.message}` : "Invalid request",
    details: issues,
  });
};
