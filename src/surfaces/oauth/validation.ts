import type { ValidationHook } from "../../http/surface";
import { validatedPart } from "../../http/validation-hook";
import { oauthError } from "./client-credentials";

/**
 * RFC 6749 §5.2 wording of a refused token request: without a grant type `invalid_request`,
 * with another one than client_credentials `unsupported_grant_type` (repeated parameters and
 * the Content-Type are refused before, while the form is read).
 */
export const oauthValidationHook: ValidationHook = (result) => {
  if (result.success) return;
  const grantType = (validatedPart(result) as { grant_type?: unknown } | undefined)?.grant_type;
  if (typeof grantType !== "string" || grantType === "")
    throw oauthError("invalid_request", "grant_type is required (client_credentials).");
  if (grantType !== "client_credentials") {
    throw oauthError(
      "unsupported_grant_type",
      `The grant type ${JSON.stringify(grantType.slice(0, 64))} is not supported; use client_credentials.`,
    );
  }
  const issue = result.error.issues[0];
  throw oauthError("invalid_request", `The parameter ${String(issue?.path[0] ?? "")} is invalid.`);
};
