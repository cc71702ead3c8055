// The JSON body of `PUT /v1/{siteId}/revenue/upload`: one revenue record, checked in two steps
// that report together, as Ruler does:
// 1. its shape, by the route's zod schema (`singleRecordBody`): each field of the right type;
// 2. the CSV's rules (`validateBatchRevenueRecord`, the one checker CSV rows use too): required
//    fields, dates, currency, amount, identifiers, Reference.
// A field of the wrong type is reported and then treated as absent, so one refusal lists every
// problem (`singleRecordProblems`). That is why the schema lets the required fields be absent
// or null: their absence is the rules' to word ("RevenueClosedDate is required"); the document
// still shows them as required strings, which is what a stored record needs.
import { z } from "@hono/zod-openapi";
import { type RecordProblem, type RevenueRecordInput, VISITOR_ID_KEYS, validateBatchRevenueRecord } from "../../formats/revenue-csv/record";
import { ApiError } from "../../http/errors";
import type { ValidationIssue } from "../../http/validation-hook";
import { numberToDecimalText } from "../../money";

/** A field the rules require: a string in the document; absent or null reaches the rules. */
const requiredText = (description: string, example: string) => z.string().nullish().openapi({ type: "string", description, example });

const visitorIdentifier = z.object({ Key: z.enum(VISITOR_ID_KEYS), Value: z.string() }).openapi("RevenueVisitorIdentifier");

export const singleRecordBody = z
  .object({
    CurrencyCode: requiredText("ISO 4217, active (any case)", "GBP"),
    Value: z
      .union([z.string(), z.number()])
      .nullish()
      .openapi({
        type: ["string", "number"],
        description:
          "Decimal with at most the currency's decimals; as a string to keep every digit (a number is read from its decimal text)",
        example: "1499.99",
      }),
    RevenueClosedDate: requiredText(
      "yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss or with 1–7 fraction digits; UTC, a real date, not in the future",
      "2024-01-31T14:30:00",
    ),
    LeadDate: z.string().nullish().openapi({ description: "Optional; the same formats as RevenueClosedDate" }),
    VisitorIdentifierOptions: z
      .array(visitorIdentifier)
      .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          if (seen.has(id.Key))
            ctx.addIssue({ code: "custom", path: [i], message: `VisitorIdentifierOptions has ${id.Key} more than once` });
          seen.add(id.Key);
        });
      })
      .optional()
      .openapi({ description: "At least one identifier with a non-empty value; each Key at most once" }),
    Labels: z.array(z.string()).nullish().openapi({ description: "Labels of the record (empty ones are dropped)" }),
    Reference: requiredText(
      "At most 256 characters; with RevenueClosedDate, the record's identity (a second upload of it → 409)",
      "INV-0001",
    ),
    AdditionalDataProperties: z
      .array(z.object({ Name: z.string(), Value: z.string() }))
      .nullish()
      .openapi({ description: "Name must not be empty" }),
  })
  .openapi("RevenueSingleRecord", { required: ["CurrencyCode", "Value", "RevenueClosedDate", "VisitorIdentifierOptions", "Reference"] });

export type SingleRecordBody = z.infer<typeof singleRecordBody>;

/** The record as the shared checker reads it. */
export function toRecordInput(body: SingleRecordBody): RevenueRecordInput {
  const visitor: RevenueRecordInput["visitor"] = {
    RaId: undefined,
    EmailAddress: undefined,
    PhoneNumber: undefined,
    PayloadValue: undefined,
    CookieValue: undefined,
  };
  for (const id of body.VisitorIdentifierOptions ?? []) visitor[id.Key] = id.Value;
  return {
    revenueClosedDate: body.RevenueClosedDate ?? undefined,
    currencyCode: body.CurrencyCode ?? undefined,
    value: typeof body.Value === "number" ? numberToDecimalText(body.Value) : (body.Value ?? undefined),
    leadDate: body.LeadDate ?? undefined,
    visitor,
    labels: body.Labels ?? [],
    reference: body.Reference ?? undefined,
    additionalData: (body.AdditionalDataProperties ?? []).map((p) => ({ name: p.Name, value: p.Value })),
  };
}

/** The 400 of a refused record: every problem, `column` naming the field. */
export function refusedRecord(problems: readonly RecordProblem[]): ApiError {
  const errors = problems.map((p) => ({ rowNumber: null, line: null, column: p.column, message: p.message }));
  return new ApiError({
    code: "BAD_REQUEST",
    message: `The record was refused: ${errors.length} error${errors.length === 1 ? "" : "s"} found, nothing was stored`,
    details: { errorCount: errors.length, errors },
  });
}

/** Shape problems are listed in this order of fields (then by position in an array). */
const FIELD_ORDER = [
  "Value",
  "VisitorIdentifierOptions",
  "Labels",
  "AdditionalDataProperties",
  "RevenueClosedDate",
  "CurrencyCode",
  "LeadDate",
  "Reference",
];

/** The problem of a shape issue at `field` (and `index` in its array, as sent). */
function shapeProblem(field: string, index: number | undefined, issue: ValidationIssue): RecordProblem {
  switch (field) {
    case "VisitorIdentifierOptions":
      if (index === undefined) return { column: field, message: "VisitorIdentifierOptions must be an array of {Key, Value}" };
      if (issue.code === "custom") return { column: field, message: issue.message };
      if (issue.path[2] === "Value") return { column: field, message: `VisitorIdentifierOptions[${index}].Value must be a string` };
      return { column: field, message: `VisitorIdentifierOptions[${index}].Key must be one of ${VISITOR_ID_KEYS.join(", ")}` };
    case "Labels":
      return { column: field, message: "Labels must be an array of strings" };
    case "AdditionalDataProperties":
      if (index === undefined) return { column: field, message: "AdditionalDataProperties must be an array of {Name, Value}" };
      return { column: field, message: `AdditionalDataProperties[${index}] must be {Name, Value} strings` };
    default:
      return { column: field, message: `${field} must be a string` };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every problem of a body that failed `singleRecordBody`: its shape problems (one per field, or
 * per item of an array field), then the rules' problems on what is left once the fields and
 * items at fault are set aside. Item positions are those of the request.
 */
export function singleRecordProblems(body: unknown, nowMs: number): RecordProblem[] {
  const found: Array<{ rank: number; index: number; key: string; problem: RecordProblem }> = [];
  const rest: Record<string, unknown> = isObject(body) ? { ...body } : {};
  if (!isObject(body)) found.push({ rank: -1, index: -1, key: "", problem: { column: null, message: "The body must be a JSON object" } });
  /** For each array field, the request position of each item still in `rest`. */
  const positions = new Map<string, number[]>();

  // Set aside what is at fault until the rest has the right shape (an array's items may only
  // show a problem, such as a repeated identifier, once the others are right).
  for (let pass = 0; pass < 4; pass++) {
    const parsed = singleRecordBody.safeParse(rest);
    if (parsed.success) {
      const shape = found
        .sort((a, b) => a.rank - b.rank || a.index - b.index)
        .filter((f, i, all) => all.findIndex((g) => g.key === f.key) === i)
        .map((f) => f.problem);
      const rules = validateBatchRevenueRecord(toRecordInput(parsed.data), nowMs);
      return [...shape, ...(rules.ok ? [] : rules.problems)];
    }
    const dropped = new Map<string, Set<number>>();
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      const item = issue.path[1];
      if (typeof item !== "number") {
        found.push({ rank: FIELD_ORDER.indexOf(field), index: -1, key: field, problem: shapeProblem(field, undefined, issue) });
        delete rest[field];
        continue;
      }
      const items = rest[field] as unknown[];
      const at = positions.get(field) ?? items.map((_, i) => i);
      positions.set(field, at);
      const index = at[item] ?? item;
      found.push({
        rank: FIELD_ORDER.indexOf(field),
        index,
        key: field === "Labels" ? field : `${field}[${index}]`,
        problem: shapeProblem(field, index, issue),
      });
      dropped.set(field, (dropped.get(field) ?? new Set()).add(item));
    }
    for (const [field, items] of dropped) {
      rest[field] = (rest[field] as unknown[]).filter((_, i) => !items.has(i));
      positions.set(
        field,
        positions.get(field)!.filter((_, i) => !items.has(i)),
      );
    }
  }
  // Not reached: each pass removes every field or item at fault.
  return found.map((f) => f.problem);
}
