import type { z } from "zod";
import { ApiError } from "./errors";
import type { ValidationHook } from "./surface";

/** One problem zod found in a request part. */
export type ValidationIssue = z.core.$ZodIssue;

/**
 * The request part a hook was called for, as received. @hono/zod-validator passes it as `data`
 * on failure too (the hook's type declares `data` on success only).
 */
export const validatedPart = (result: object): unknown => (result as { data?: unknown }).data;

/** The value a request part had at an issue's path (undefined where the path leads nowhere). */
export function inputAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The native wording of one issue: `field: message`, or `body: message` for the part as a whole. */
export const nativeIssueMessage = (issue: ValidationIssue) => `${issue.path.map(String).join(".") || "body"}: ${issue.message}`;

/**
 * The native wording of request-validation failures: 400 with every issue as
 * `details: [{field, message}]` and the first one in the message. Surfaces that speak another
 * API's wire format bring their own hook (see `Surface.validationHook`).
 */
export const nativeValidationHook: ValidationHook = (result) => {
  if (result.success) return;
  const issues = result.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const first = result.error.issues[0];
  throw new ApiError({
    code: "BAD_REQUEST",
    message: first ? nativeIssueMessage(first) : "Invalid request",
    details: issues,
  });
};
