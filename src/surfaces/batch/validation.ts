import type { ValidationHook } from "../../http/surface";
import { nativeValidationHook, validatedPart } from "../../http/validation-hook";
import { refusedRecord, singleRecordProblems } from "./single-record";

/**
 * Ruler's wording of a refused request. The surface's one JSON body is a revenue record
 * (`PUT …/revenue/upload`): refused with every problem listed, each naming its field, in the
 * row-error shape of a refused CSV (./single-record.ts). Path and query parameters keep the
 * native wording (`{message: "<field>: <problem>"}`).
 */
export const batchValidationHook: ValidationHook = (result, c) => {
  if (result.success) return;
  if (result.target !== "json") return nativeValidationHook(result, c);
  throw refusedRecord(singleRecordProblems(validatedPart(result), Date.now()));
};
