import type { ValidationHook } from "../../http/surface";
import { inputAt, nativeValidationHook, validatedPart } from "../../http/validation-hook";
import { missingItems, tooManyItems } from "./bulk-body";

/**
 * Trackly's wording of a refused request (`{error, code}`). A bulk body fails its route's
 * schema only at its array field (./schemas.ts): more than 1,000 items → 413
 * `too_many_<field>`, anything else → 400 `missing_<field>`. Path and query parameters keep the
 * native wording (`<field>: <problem>`, code `bad_request`).
 */
export const historyValidationHook: ValidationHook = (result, c) => {
  if (result.success) return;
  if (result.target !== "json") return nativeValidationHook(result, c);
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? "records");
  const items = inputAt(validatedPart(result), [field]);
  if (issue?.code === "too_big" && Array.isArray(items)) throw tooManyItems(field, items.length);
  throw missingItems(field);
};
