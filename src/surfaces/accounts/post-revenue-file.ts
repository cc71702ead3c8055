import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { MAX_FILE_BYTES, readAccountFile } from "../../formats/account-file";
import { limitBody } from "../../http/body-limit";
import { ApiError } from "../../http/errors";
import { idempotent } from "../../idempotency/middleware";
import { idempotencyErrorResponses, idempotencyKeyHeaders } from "../../idempotency/openapi";
import { newId } from "../../ids";
import { rateLimit } from "../../ratelimit/middleware";
import { findSite } from "../../sites";
import { respond } from "./respond";
import { storeAccountFile } from "./schedule-store";
import { accountsErrorResponses, accountsFailure, accountsSecurity } from "./schemas";

/** Room for the multipart envelope around a file of the maximum size. */
const MAX_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;
const PATHS = ["/v4.1/company/revenue_file_automate.json", "/v4.1/company/revenue_file_automate.xml"] as const;

const fileRefusal = (code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE", message: string) =>
  new ApiError({ code, message, details: [{ record: null, field: "file", message }] });

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The upload in the multipart part `file` (a file part, or plain text sent as a field). */
async function uploadedFile(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; filename: string | undefined }> {
  if (!/^multipart\/form-data\b/i.test(c.req.header("content-type") ?? "")) {
    throw fileRefusal("UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data, in the part named file.");
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw fileRefusal("BAD_REQUEST", "The multipart/form-data body could not be read.");
  }
  const part = form.get("file");
  if (part === null) throw fileRefusal("BAD_REQUEST", "The file is missing: send it in the multipart part named file.");
  if (typeof part === "string") return { bytes: new TextEncoder().encode(part), filename: undefined };
  if (part.size > MAX_FILE_BYTES) {
    throw fileRefusal("PAYLOAD_TOO_LARGE", "The file is larger than 2 MiB (2,097,152 bytes).");
  }
  return { bytes: new Uint8Array(await part.arrayBuffer()), filename: part.name || undefined };
}

/**
 * `POST /v4.1/company/revenue_file_automate.json|.xml` (CustomerGauge-compatible, contract §6).
 * The file is read and every record checked before anything is stored; a refused file leaves
 * no trace (no R2 object, no row). An accepted file is kept in R2 under its content hash, and
 * its schedules and ledger rows are written in one D1 transaction.
 */
export function registerPostRevenueFile(app: OpenAPIHono<AppEnv>): void {
  for (const path of PATHS) {
    const xml = path.endsWith(".xml");
    app.openAPIRegistry.registerPath({
      method: "post",
      path,
      tags: ["Account revenue files"],
      summary: `Upload an account revenue file (CSV, XLSX or XML), answer in ${xml ? "XML" : "JSON"}`,
      description:
        "Fields in this order: account, amount (whole number), start date, end date, type (ARR, MRR, One Time, Other), description (optional). " +
        "A first row whose amount is not a number is a header. At most 2 MiB and 1,000 records. All-or-nothing. " +
        "Records replace earlier ones with the same account, type, start and end (uploading a file again does not double it). " +
        "Authorization: `api_key <secret token>` or `Bearer <OAuth2 access token>`.",
      security: accountsSecurity,
      request: {
        headers: idempotencyKeyHeaders,
        body: {
          required: true,
          content: { "multipart/form-data": { schema: z.object({ file: z.string().openapi({ type: "string", format: "binary" }) }) } },
        },
      },
      responses: {
        200: {
          description: "Stored",
          headers: {
            "X-Account-File-Id": {
              description:
                "Id of the stored file: its ledger rows carry it as `job_id` (`GET /v1/{siteId}/revenue?job_id=…` lists the schedules it produced)",
              schema: { type: "string" },
            },
          },
          content: xml
            ? { "application/xml": { schema: z.string().openapi({ example: "<response><Data><data>1</data></Data></response>" }) } }
            : { "application/json": { schema: z.object({ Data: z.object({ data: z.literal(1) }) }).openapi("AccountsUploaded") } },
        },
        ...accountsErrorResponses,
        ...idempotencyErrorResponses(accountsFailure),
        413: { description: "Over 2 MiB", content: { "application/json": { schema: accountsFailure } } },
        415: { description: "Not multipart/form-data", content: { "application/json": { schema: accountsFailure } } },
      },
    });

    app.post(
      path,
      limitBody(MAX_BODY_BYTES, {
        tooLarge: () => fileRefusal("PAYLOAD_TOO_LARGE", "The file is larger than 2 MiB (2,097,152 bytes)."),
        unreadable: () =>
          fileRefusal(
            "BAD_REQUEST",
            "The request body could not be read: the connection ended before the body did, or its chunked encoding is malformed.",
          ),
      }),
      requireToken(),
      rateLimit(),
      idempotent({ maxBodyBytes: () => MAX_BODY_BYTES }),
      async (c) => {
        const siteId = c.var.principal.siteId;
        const site = await findSite(c.var.db, siteId);
        if (!site) throw new ApiError({ code: "UNAUTHORIZED", message: "Invalid API token" });
        const { bytes, filename } = await uploadedFile(c);

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
      },
    );
  }
}
