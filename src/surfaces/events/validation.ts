import { ApiError } from "../../http/errors";
import type { ValidationHook } from "../../http/surface";
import { inputAt, type ValidationIssue, validatedPart } from "../../http/validation-hook";

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  int: "an integer",
};

/**
 * Turns a zod issue into the Pulsora/Laravel-style sentence clients of that API match on:
 * `The data.visitor_fingerprint field is required.` `input` is the value at the issue's path.
 */
export function describeIssue(issue: ValidationIssue, input: unknown): string {
  const field = issue.path.map(String).join(".");
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined || input === null) return `The ${field} field is required.`;
      return `The ${field} field must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}.`;
    case "too_small":
      if (typeof input === "string" && input.trim() === "") return `The ${field} field is required.`;
      return `The ${field} field must be at least ${issue.minimum}${issue.origin === "string" ? " characters" : ""}.`;
    case "too_big":
      return `The ${field} field must not be greater than ${issue.maximum}${issue.origin === "string" ? " characters" : ""}.`;
    case "invalid_value":
      return `The ${field} field must be one of: ${issue.values.map(String).join(", ")}.`;
    case "invalid_union": {
      // The event `type` selects the schema of `data`: an absent or unknown one matches none.
      const options = (issue as { options?: unknown[] }).options;
      if (!options) return `The ${field} field is invalid.`;
      if (input === undefined || input === null) return `The ${field} field is required.`;
      return `The ${field} field must be one of: ${options.map(String).join(", ")}.`;
    }
    case "custom":
      // Rules between fields (./schemas.ts) say what the field must be.
      return `The ${field} field ${issue.message}.`;
    default:
      return `The ${field} field is invalid.`;
  }
}

/** Pulsora's wording of a refused event: 400 `{message}` naming the first field at fault. */
export const eventsValidationHook: ValidationHook = (result) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  if (!issue) throw new ApiError({ code: "BAD_REQUEST", message: "The request is invalid." });
  throw new ApiError({ code: "BAD_REQUEST", message: describeIssue(issue, inputAt(validatedPart(result), issue.path)) });
};
