import type { z } from "zod";

type Issue = z.core.$ZodIssue & { input?: unknown };

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
 * `The data.visitor_fingerprint field is required.`
 */
export function describeIssue(issue: Issue, prefix: string): string {
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  const input = issue.input;
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
    case "invalid_union":
      return `The ${field} field is invalid.`;
    case "custom":
      // Refinements word their message to follow the field: "must not be nested more than 10 levels deep".
      return `The ${field} field ${issue.message}.`;
    default:
      return `The ${field} field is invalid.`;
  }
}
