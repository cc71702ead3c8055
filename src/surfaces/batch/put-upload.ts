import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { canonicalDate } from "../../formats/revenue-csv/dates";
import {
  type RecordProblem,
  type RevenueRecordInput,
  VISITOR_ID_KEYS,
  type VisitorIdKey,
  validateBatchRevenueRecord,
} from "../../formats/revenue-csv/record";
import { limitBody } from "../../http/body-limit";
import { ApiError } from "../../http/errors";
import { idempotent } from "../../idempotency/middleware";
import { idempotencyErrorResponses, idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { formatMinorUnits, numberToDecimalText } from "../../money";
import { rateLimit } from "../../ratelimit/middleware";
import { insertSingleRecord } from "./ledger-row";
import { batchError, batchErrorResponses, batchSecurity, batchValidationFailure, siteParam } from "./schemas";

const MAX_BODY_BYTES = 64 * 1024;

const singleRecordBody = z
  .object({
    CurrencyCode: z.string().openapi({ example: "GBP" }),
    Value: z.union([z.string(), z.number()]).openapi({ description: "Decimal; as a string to keep every digit", example: "1499.99" }),
    RevenueClosedDate: z.string().openapi({ example: "2024-01-31T14:30:00" }),
    LeadDate: z.string().nullable().optional(),
    VisitorIdentifierOptions: z.array(z.object({ Key: z.enum(VISITOR_ID_KEYS), Value: z.string() })),
    Labels: z.array(z.string()).optional(),
    Reference: z.string(),
    AdditionalDataProperties: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
  })
  .openapi("RevenueSingleRecord");

const stored = z
  .object({ id: z.string(), Reference: z.string(), RevenueClosedDate: z.string(), CurrencyCode: z.string(), Value: z.string() })
  .openapi("RevenueSingleRecordStored");

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Maps the JSON body onto the shared record input, reporting shape problems (a field of the
 * wrong type) in the same error list as the rules; missing fields are left to the rules, so
 * the messages are the CSV's ("RevenueClosedDate is required").
 */
function recordInput(body: unknown): { input: RevenueRecordInput; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  const b = isObject(body) ? body : {};
  if (!isObject(body)) problems.push({ column: null, message: "The body must be a JSON object" });
  const text = (name: string): string | undefined => {
    const v = b[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    problems.push({ column: name, message: `${name} must be a string` });
    return undefined;
  };
  let value: string | undefined;
  if (typeof b.Value === "number") value = numberToDecimalText(b.Value);
  else value = text("Value");

  const visitor: RevenueRecordInput["visitor"] = {
    RaId: undefined,
    EmailAddress: undefined,
    PhoneNumber: undefined,
    PayloadValue: undefined,
    CookieValue: undefined,
  };
  const ids = b.VisitorIdentifierOptions;
  if (ids !== undefined && !Array.isArray(ids)) {
    problems.push({ column: "VisitorIdentifierOptions", message: "VisitorIdentifierOptions must be an array of {Key, Value}" });
  } else if (Array.isArray(ids)) {
    ids.forEach((item, i) => {
      const key = isObject(item) ? item.Key : undefined;
      const v = isObject(item) ? item.Value : undefined;
      if (typeof key !== "string" || !(VISITOR_ID_KEYS as readonly string[]).includes(key)) {
        problems.push({
          column: "VisitorIdentifierOptions",
          message: `VisitorIdentifierOptions[${i}].Key must be one of ${VISITOR_ID_KEYS.join(", ")}`,
        });
      } else if (typeof v !== "string") {
        problems.push({ column: "VisitorIdentifierOptions", message: `VisitorIdentifierOptions[${i}].Value must be a string` });
      } else if (visitor[key as VisitorIdKey] !== undefined) {
        problems.push({ column: "VisitorIdentifierOptions", message: `VisitorIdentifierOptions has ${key} more than once` });
      } else {
        visitor[key as VisitorIdKey] = v;
      }
    });
  }

  const labels: string[] = [];
  if (b.Labels !== undefined && b.Labels !== null) {
    if (Array.isArray(b.Labels) && b.Labels.every((l) => typeof l === "string")) labels.push(...(b.Labels as string[]));
    else problems.push({ column: "Labels", message: "Labels must be an array of strings" });
  }

  const properties: { name: string; value: string }[] = [];
  const extra = b.AdditionalDataProperties;
  if (extra !== undefined && extra !== null) {
    if (!Array.isArray(extra)) {
      problems.push({ column: "AdditionalDataProperties", message: "AdditionalDataProperties must be an array of {Name, Value}" });
    } else {
      extra.forEach((p, i) => {
        if (isObject(p) && typeof p.Name === "string" && typeof p.Value === "string") properties.push({ name: p.Name, value: p.Value });
        else problems.push({ column: "AdditionalDataProperties", message: `AdditionalDataProperties[${i}] must be {Name, Value} strings` });
      });
    }
  }

  return {
    input: {
      revenueClosedDate: text("RevenueClosedDate"),
      currencyCode: text("CurrencyCode"),
      value,
      leadDate: text("LeadDate"),
      visitor,
      labels,
      reference: text("Reference"),
      additionalData: properties,
    },
    problems,
  };
}

function refused(problems: readonly RecordProblem[]): ApiError {
  const errors = problems.map((p) => ({ rowNumber: null, line: null, column: p.column, message: p.message }));
  return new ApiError({
    code: "BAD_REQUEST",
    message: `The record was refused: ${errors.length} error${errors.length === 1 ? "" : "s"} found, nothing was stored`,
    details: { errorCount: errors.length, errors },
  });
}

/**
 * `PUT /v1/{siteId}/revenue/upload` (Ruler-compatible, contract §5): one record as JSON, the
 * same rules as a CSV row (one shared checker), stored at once in the ledger (source `single`)
 * under the same idempotency key as batch rows.
 */
export function registerPutUpload(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: "put",
    path: "/v1/{siteId}/revenue/upload",
    tags: ["Revenue batch jobs"],
    summary: "Upload one revenue record (same rules as a CSV row)",
    description:
      "VisitorIdentifierOptions keys: EmailAddress, PhoneNumber, RaId, PayloadValue, CookieValue (at least one). " +
      "A record whose Reference and RevenueClosedDate are already stored for the site → 409.",
    security: batchSecurity,
    request: {
      params: siteParam,
      headers: idempotencyKeyHeaders,
      body: { required: true, content: { "application/json": { schema: singleRecordBody } } },
    },
    responses: {
      201: { description: "Stored", content: { "application/json": { schema: stored } } },
      400: {
        description: "Refused; errors name the field (`column`)",
        content: { "application/json": { schema: batchValidationFailure } },
      },
      ...batchErrorResponses,
      ...idempotencyErrorResponses(batchError),
      409: {
        description:
          "Already stored (same Reference and RevenueClosedDate), or a request with the same Idempotency-Key is still running (Retry-After)",
        content: { "application/json": { schema: batchError } },
      },
      413: { description: "Body over 64 KiB", content: { "application/json": { schema: batchError } } },
    },
  });

  const retrySafe = idempotent({ maxBodyBytes: () => MAX_BODY_BYTES });
  app.put(
    "/v1/:siteId/revenue/upload",
    limitBody(MAX_BODY_BYTES),
    requireToken(),
    rateLimit(),
    requireSiteInPath(),
    retrySafe,
    async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw refused([{ column: null, message: "The body is not valid JSON" }]);
      }
      const { input, problems } = recordInput(body);
      const result = validateBatchRevenueRecord(input, Date.now());
      if (problems.length > 0 || !result.ok) throw refused([...problems, ...(result.ok ? [] : result.problems)]);
      const { record } = result;
      const id = newId("rev");
      const siteId = c.var.principal.siteId;
      if (!(await insertSingleRecord(c.env.DB, siteId, id, record))) {
        throw new ApiError({
          code: "CONFLICT",
          message: `A record with Reference ${JSON.stringify(record.reference)} and RevenueClosedDate ${canonicalDate(record.closedDate)} is already stored for this site`,
        });
      }
      return c.json(
        {
          id,
          Reference: record.reference,
          RevenueClosedDate: canonicalDate(record.closedDate),
          CurrencyCode: record.currency,
          Value: formatMinorUnits(record.amountMinor, record.currency),
        },
        201,
      );
    },
  );
}
