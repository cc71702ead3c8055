import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { canonicalDate } from "../../formats/revenue-csv/dates";
import { validateBatchRevenueRecord } from "../../formats/revenue-csv/record";
import { limitBody } from "../../http/body-limit";
import { idempotencyErrors, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { jsonBody } from "../../http/request-body";
import { idempotent } from "../../idempotency/middleware";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { formatMinorUnits } from "../../money";
import { rateLimit } from "../../ratelimit/middleware";
import { insertSingleRecord } from "./ledger-row";
import { batchErrors, batchRefusal, batchSecurity, commonErrors, siteParam } from "./schemas";
import { refusedRecord, singleRecordBody, toRecordInput } from "./single-record";

const MAX_BODY_BYTES = 64 * 1024;

const stored = z
  .object({
    id: z.string().openapi({ example: "rev_0123…" }),
    Reference: z.string(),
    RevenueClosedDate: z.string().openapi({ description: "Canonical: 7 fraction digits, UTC", example: "2024-01-31T14:30:00.0000000Z" }),
    CurrencyCode: z.string(),
    Value: z.string().openapi({ description: "Exact decimal text", example: "1499.99" }),
  })
  .openapi("RevenueSingleRecordStored");

export type PutUploadParams = z.infer<typeof siteParam>;
export type PutUploadRequest = z.input<typeof singleRecordBody>;
export type PutUploadResponse = z.infer<typeof stored>;

const putUploadRoute = createRoute({
  method: "put",
  path: "/v1/{siteId}/revenue/upload",
  operationId: "uploadRevenueRecord",
  tags: ["Revenue batch jobs"],
  summary: "Upload one revenue record (same rules as a CSV row)",
  description:
    "Stored at once in the ledger (source `single`) under the same identity as batch rows: a record whose Reference and " +
    "RevenueClosedDate are already stored for the site → 409. VisitorIdentifierOptions keys: EmailAddress, PhoneNumber, RaId, " +
    "PayloadValue, CookieValue (at least one). The body is read as JSON whatever its Content-Type, at most 64 KiB. " +
    "An Idempotency-Key makes a retry safe (same key and request: the first answer again). " +
    "A refused record lists every problem (a field of the wrong type, then the CSV rules), each naming its field in `column`.",
  security: batchSecurity,
  middleware: [
    limitBody(MAX_BODY_BYTES),
    requireToken(),
    rateLimit(),
    requireSiteInPath(),
    idempotent({ maxBodyBytes: () => MAX_BODY_BYTES }),
    jsonBody(() => refusedRecord([{ column: null, message: "The body is not valid JSON" }])),
  ] as const,
  request: {
    params: siteParam,
    headers: idempotencyKeyHeaders,
    body: { required: true, content: { "application/json": { schema: singleRecordBody } } },
  },
  responses: {
    201: { description: "Stored", headers: rateLimitHeaders, content: { "application/json": { schema: stored } } },
    ...batchErrors(
      {
        ...commonErrors,
        400: "Refused; `errors` name the field (`column`); nothing was stored. Or a malformed Idempotency-Key",
        409: `Already stored (same Reference and RevenueClosedDate), or: ${idempotencyErrors[409]}`,
        413: "Body over 64 KiB",
        422: idempotencyErrors[422],
      },
      { 400: batchRefusal },
    ),
  },
});

/**
 * `PUT /v1/{siteId}/revenue/upload` (Ruler-compatible, contract §5): one record as JSON, the
 * same rules as a CSV row (one shared checker), stored at once in the ledger (source `single`)
 * under the same idempotency key as batch rows.
 */
export function registerPutUpload(app: OpenAPIHono<AppEnv>): void {
  app.openapi(putUploadRoute, async (c) => {
    const result = validateBatchRevenueRecord(toRecordInput(c.req.valid("json")), Date.now());
    if (!result.ok) throw refusedRecord(result.problems);
    const { record } = result;
    const id = newId("rev");
    if (!(await insertSingleRecord(c.env.DB, c.var.principal.siteId, id, record))) {
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
  });
}
