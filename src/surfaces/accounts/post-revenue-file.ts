import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { MAX_FILE_BYTES, MAX_RECORDS, readAccountFile } from "../../formats/account-file";
import { limitBody } from "../../http/body-limit";
import { idempotencyErrors, rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { provideForm } from "../../http/request-body";
import { idempotent } from "../../idempotency/middleware";
import { idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { rateLimit } from "../../ratelimit/middleware";
import { findSite } from "../../sites";
import { respond } from "./respond";
import { storeAccountFile } from "./schedule-store";
import { accountsContent, accountsErrors, accountsSecurity, commonErrors } from "./schemas";

/** Room for the multipart envelope around a file of the maximum size. */
const MAX_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;
const TOO_LARGE = "The file is larger than 2 MiB (2,097,152 bytes).";
const MISSING = "The file is missing: send it in the multipart part named file.";

const fileRefusal = (code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE", message: string) =>
  new ApiError({ code, message, details: [{ record: null, field: "file", message }] });

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Reads the multipart body in the surface's words (415, unreadable) for the route's validator. */
const readUploadForm = createMiddleware<AppEnv>(async function readUploadForm(c, next) {
  if (!/^multipart\/form-data\b/i.test(c.req.header("content-type") ?? "")) {
    throw fileRefusal("UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data, in the part named file.");
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw fileRefusal("BAD_REQUEST", "The multipart/form-data body could not be read.");
  }
  provideForm(c, form, "multipart/form-data");
  await next();
});

/**
 * The part `file`: a file, or the content sent as a plain form field; the first one when the
 * part is repeated. Its content (CSV, XLSX or XML, the records) is read by the handler.
 */
const uploadedFile = z
  .preprocess((v) => (Array.isArray(v) ? v[0] : v), z.union([z.instanceof(File), z.string()], { error: MISSING }))
  .superRefine((file, ctx) => {
    if (file instanceof File && file.size > MAX_FILE_BYTES) ctx.addIssue({ code: "custom", message: TOO_LARGE, params: { status: 413 } });
  })
  .openapi({
    type: "string",
    // OpenAPI 3.1's way of saying "any bytes" (the type of the zod metadata predates it).
    ...({ contentMediaType: "application/octet-stream" } as object),
    description: "CSV (comma or semicolon separated), XLSX (first sheet) or XML; at most 2 MiB. Also accepted as a plain form field.",
  });

const uploadForm = z.object({ file: uploadedFile }).openapi("AccountRevenueFileUpload");

const uploaded = z.object({ Data: z.object({ data: z.literal(1) }) }).openapi("AccountsUploaded", { xml: { name: "response" } });

export type PostRevenueFileRequest = { file: File | string };
export type PostRevenueFileResponse = z.infer<typeof uploaded>;

const routes = (["json", "xml"] as const).map((format) => {
  const xml = format === "xml";
  return createRoute({
    method: "post",
    path: `/v4.1/company/revenue_file_automate.${format}`,
    operationId: xml ? "uploadAccountRevenueFileXml" : "uploadAccountRevenueFile",
    tags: ["Account revenue files"],
    summary: `Upload an account revenue file (CSV, XLSX or XML), answer in ${xml ? "XML" : "JSON"}`,
    description:
      "Fields in this order: account, amount (whole number), start date, end date, type (ARR, MRR, One Time, Other), description (optional). " +
      `A first row whose amount is not a number is a header. At most 2 MiB and ${MAX_RECORDS.toLocaleString("en-US")} records. ` +
      "All-or-nothing: every record is checked before anything is stored, and every problem is listed (record, field, message). " +
      "Records replace earlier ones with the same account, type, start and end (uploading a file again does not double it). " +
      "Authorization: `api_key <secret token>` or `Bearer <OAuth2 access token>`.",
    security: accountsSecurity,
    middleware: [
      limitBody(MAX_BODY_BYTES, {
        tooLarge: () => fileRefusal("PAYLOAD_TOO_LARGE", TOO_LARGE),
        unreadable: () =>
          fileRefusal(
            "BAD_REQUEST",
            "The request body could not be read: the connection ended before the body did, or its chunked encoding is malformed.",
          ),
      }),
      requireToken(),
      rateLimit(),
      idempotent({ maxBodyBytes: () => MAX_BODY_BYTES }),
      readUploadForm,
    ] as const,
    request: { headers: idempotencyKeyHeaders, body: { required: true, content: { "multipart/form-data": { schema: uploadForm } } } },
    responses: {
      200: {
        description: "Stored",
        headers: {
          ...rateLimitHeaders,
          "X-Account-File-Id": {
            description:
              "Id of the stored file: its ledger rows carry it as `job_id` (`GET /v1/{siteId}/revenue?job_id=…` lists the schedules it produced)",
            required: true,
            schema: { type: "string" },
          },
        },
        content: accountsContent(xml, uploaded),
      },
      ...accountsErrors(xml, {
        ...commonErrors,
        400: "Refused (the file, or its records: every problem listed; a body that could not be read; a malformed Idempotency-Key); nothing was stored",
        409: idempotencyErrors[409],
        413: "Over 2 MiB",
        415: "Not multipart/form-data",
        422: idempotencyErrors[422],
      }),
    },
  });
});

/**
 * `POST /v4.1/company/revenue_file_automate.json|.xml` (CustomerGauge-compatible, contract §6).
 * The file is read and every record checked before anything is stored; a refused file leaves
 * no trace (no R2 object, no row). An accepted file is kept in R2 under its content hash, and
 * its schedules and ledger rows are written in one D1 transaction.
 */
export function registerPostRevenueFile(app: OpenAPIHono<AppEnv>): void {
  for (const route of routes) {
    app.openapi(route, async (c) => {
      const siteId = c.var.principal.siteId;
      const site = await findSite(c.var.db, siteId);
      if (!site) throw new ApiError({ code: "UNAUTHORIZED", message: "Invalid API token" });
      const { file } = c.req.valid("form");
      const bytes = typeof file === "string" ? new TextEncoder().encode(file) : new Uint8Array(await file.arrayBuffer());
      const filename = typeof file === "string" ? undefined : file.name || undefined;

      const result = readAccountFile({ bytes, filename, currency: site.defaultCurrency });
      if (!result.ok) return respond(c, { Data: false, Errors: result.errors }, 400);

      const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
      const fileId = `af_${hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${siteId}:${sha256}`))).slice(0, 32)}`;
      const r2Key = `account-files/${siteId}/${sha256}.${result.format}`;
      // Content-addressed: uploading the same file again rewrites the same object. If the
      // D1 transaction then fails, an object this request created is removed again, so a
      // failed upload leaves nothing behind (an earlier upload's object is left alone).
      const existed = (await c.env.UPLOADS.head(r2Key)) !== null;
      await c.env.UPLOADS.put(r2Key, bytes, {
        httpMetadata: {
          contentType:
            result.format === "csv"
              ? "text/csv"
              : result.format === "xml"
                ? "application/xml"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
        customMetadata: { siteId, filename: filename ?? "", records: String(result.records.length) },
      });
      try {
        await storeAccountFile(c.env.DB, {
          siteId,
          currency: site.defaultCurrency,
          file: { id: fileId, sha256, r2Key, filename: filename ?? null, format: result.format, sizeBytes: bytes.length },
          records: result.records,
          newId,
        });
      } catch (err) {
        // Unless a concurrent upload of the same file committed in the meantime.
        const kept = await c.env.DB.prepare("SELECT 1 FROM account_files WHERE id = ?1")
          .bind(fileId)
          .first()
          .catch(() => true);
        if (!existed && !kept) await c.env.UPLOADS.delete(r2Key).catch(() => undefined);
        throw err;
      }
      // Beside the compatible body: which ledger rows this file produced (their job_id).
      c.header("X-Account-File-Id", fileId);
      return respond(c, { Data: { data: 1 } }, 200);
    });
  }
}
