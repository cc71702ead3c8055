import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv, Db } from "../../env";
import { csvLine, escapeFormulasParam } from "../../http/csv-writer";
import { rateLimitHeaders } from "../../http/error-responses";
import { ApiError } from "../../http/errors";
import { rateLimit } from "../../ratelimit/middleware";
import { type BatchJob, failuresPage, findJob, TERMINAL_STATUSES } from "./job-store";
import { batchErrors, batchSecurity, commonErrors, jobParams } from "./schemas";

const PAGE = 1000;

const query = z.object({ format: z.enum(["csv", "json"]).default("csv"), escape_formulas: escapeFormulasParam });

const failureRow = z
  .object({ rowNumber: z.number().int(), errorMessage: z.string() })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .openapi("BatchFailureRow", {
    description: "The row's original columns by name (a repeated column such as Label as an array), its rowNumber and errorMessage",
  });

export const getJobFailuresRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/batch/{jobId}/failures",
  operationId: "getBatchJobFailures",
  tags: ["Revenue batch jobs"],
  summary: "The rows of a finished job that were not stored, and why",
  description:
    "CSV (default): a leading RowNumber column, the file's own columns, then ErrorMessage; text cells that a spreadsheet would run " +
    "as formulas (starting with =, +, -, @, tab or CR) are written as `'` + the text unless escape_formulas=false. JSON: an array of " +
    "objects with rowNumber, the original columns and errorMessage, always as stored. 409 until the job has finished.",
  security: batchSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: jobParams, query },
  responses: {
    200: {
      description: "The failed rows (streamed)",
      headers: rateLimitHeaders,
      content: { "text/csv": { schema: z.string() }, "application/json": { schema: z.array(failureRow) } },
    },
    ...batchErrors({
      ...commonErrors,
      400: "format is not csv or json",
      404: "No such site, or no such job in it",
      409: "The job has not finished yet",
    }),
  },
});

/** Streams every failure of `job` one page at a time, rendered by `render` (memory stays flat). */
function failureStream(
  db: Db,
  job: BatchJob,
  open: string,
  render: (row: { rowNumber: number; fields: string[]; message: string }, first: boolean) => string,
  close: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = 0;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const rows = await failuresPage(db, job.id, after, PAGE);
      let text = started ? "" : open;
      rows.forEach((r, i) => {
        text += render(r, !started && i === 0);
      });
      started = true;
      if (rows.length < PAGE) {
        text += close;
        done = true;
      } else {
        after = rows[rows.length - 1]!.rowNumber;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}

function jsonRow(header: readonly string[], repeated: ReadonlySet<string>, row: { rowNumber: number; fields: string[]; message: string }) {
  const out: Record<string, unknown> = { rowNumber: row.rowNumber };
  header.forEach((name, i) => {
    const value = row.fields[i] ?? "";
    if (repeated.has(name)) ((out[name] ??= []) as string[]).push(value);
    else out[name] = value;
  });
  out.errorMessage = row.message;
  return out;
}

export function registerGetJobFailures(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getJobFailuresRoute, async (c) => {
    const { siteId, jobId } = c.req.valid("param");
    const { format, escape_formulas } = c.req.valid("query");
    const job = await findJob(c.var.db, siteId, jobId);
    if (!job) throw new ApiError({ code: "NOT_FOUND", message: `Job ${jobId} not found` });
    if (!TERMINAL_STATUSES.has(job.status)) {
      throw new ApiError({
        code: "CONFLICT",
        message: `Job ${jobId} is ${job.status}: its failures are available once it has finished`,
      });
    }
    const header = job.header;
    if (format === "json") {
      const counts = new Map<string, number>();
      for (const name of header) counts.set(name, (counts.get(name) ?? 0) + 1);
      const repeated = new Set([...counts].filter(([, n]) => n > 1).map(([name]) => name));
      const stream = failureStream(
        c.var.db,
        job,
        "[",
        (r, first) => (first ? "" : ",") + JSON.stringify(jsonRow(header, repeated, r)),
        "]",
      );
      return c.body(stream, 200, { "Content-Type": "application/json; charset=utf-8" });
    }
    // RowNumber is a number and Value a validated decimal: neither is ever formula-escaped.
    const options = {
      escapeFormulas: escape_formulas !== "false",
      numericColumns: new Set(header.flatMap((name, i) => (name === "Value" ? [i + 1] : []))),
    };
    const stream = failureStream(
      c.var.db,
      job,
      csvLine(["RowNumber", ...header, "ErrorMessage"], options),
      (r) => csvLine([r.rowNumber, ...header.map((_, i) => r.fields[i] ?? ""), r.message], options),
      "",
    );
    return c.body(stream, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${jobId}-failures.csv"`,
    });
  });
}
