import { writeFile } from "node:fs/promises";
import { type BatchJobStatus, ValidationError } from "@revenue-edge/sdk";
import { fileFromPath } from "@revenue-edge/sdk/node";
import cliProgress from "cli-progress";
import { type Command, Option } from "commander";
import { action } from "../command.js";
import { intOption } from "../config.js";
import { EXIT, type ExitCode } from "../exit-codes.js";
import { type Output, TABLE_LIMIT, UsageError } from "../output.js";

const EXIT_BY_STATUS: Record<string, ExitCode> = { complete: EXIT.OK, partialcomplete: EXIT.PARTIAL, failed: EXIT.FAILED };

export function registerBatch(program: Command): void {
  const batch = program.command("batch").description("CSV revenue batch jobs (/v1/{siteId}/…, Ruler-compatible)");

  batch
    .command("upload")
    .description("upload a CSV, follow the job to the end, write failed rows to <file>.failures.csv")
    .argument("<file>", "CSV file (header row; see `batch template`)")
    .option("--interval <ms>", "status poll interval", "500")
    .option("--failures <path>", "where to write failed rows (default <file>.failures.csv)")
    .addHelpText(
      "after",
      "\nExit: 0 complete, 3 partialcomplete (failed rows written), 1 failed or refused (row errors shown), 4 not reached.",
    )
    .action(
      action<{ interval: string; failures?: string }, [string]>(async ({ client, output, options }, file) => {
        const upload = await readUpload(file);
        let job;
        try {
          job = await client.batch.upload(upload);
        } catch (err) {
          if (err instanceof ValidationError && err.issues.length > 0) {
            printRowErrors(output, err);
            return EXIT.FAILED;
          }
          throw err;
        }
        output.record("accepted", { jobId: job.jobId, file });
        output.line(`uploaded ${file}: job ${job.jobId}`);
        const progress = progressReporter(output, job.jobId);
        let final: BatchJobStatus;
        try {
          final = await job.wait({ intervalMs: intOption("--interval", options.interval), onProgress: progress.update });
        } finally {
          progress.stop();
        }
        output.record("result", { ...final });
        output.line(
          `${final.status}: ${final.successCount} of ${final.totalRows} rows stored, ${final.failureCount} failed (job ${final.jobId})` +
            (final.failureReason ? `\n${final.failureReason}` : ""),
        );
        if (final.failureCount > 0) {
          const path = options.failures ?? `${file}.failures.csv`;
          await writeFile(path, await job.failuresCsv());
          output.record("failures", { path, count: final.failureCount });
          output.line(`failed rows written to ${path}`);
        }
        return EXIT_BY_STATUS[final.status] ?? EXIT.FAILED;
      }),
    );

  batch
    .command("status")
    .description("a job's status")
    .argument("<jobId>")
    .action(
      action<object, [string]>(async ({ client, output }, jobId) => {
        const status = await client.batch.status(jobId);
        output.record("status", { ...status });
        output.table(
          ["field", "value"],
          Object.entries(status).map(([k, v]) => [k, v === null ? "" : String(v)]),
        );
        return EXIT.OK;
      }),
    );

  batch
    .command("jobs")
    .description("the site's jobs, newest first")
    .option("--page <n>", "page, from 1", "1")
    .option("--page-size <n>", "jobs per page (max 100)", "50")
    .action(
      action<{ page: string; pageSize: string }, []>(async ({ client, output, options }) => {
        const { jobs, total } = await client.batch.jobs({
          page: intOption("--page", options.page),
          pageSize: intOption("--page-size", options.pageSize),
        });
        for (const job of jobs) output.record("job", { ...job });
        output.table(
          ["jobId", "status", "progress", "created", "failureReason"],
          jobs.map((j) => [j.jobId, j.status, `${j.percentageProgress}%`, j.createdDateTime, j.failureReason]),
        );
        if (total !== undefined) output.note(`${jobs.length} of ${total} jobs`);
        return EXIT.OK;
      }),
    );

  batch
    .command("failures")
    .description("a finished job's failed rows (RowNumber, the file's columns, ErrorMessage)")
    .argument("<jobId>")
    .addOption(new Option("--format <format>", "csv or json").choices(["csv", "json"]).default("csv"))
    .action(
      action<{ format: "csv" | "json" }, [string]>(async ({ client, output, options }, jobId) => {
        if (options.format === "json" || output.json) {
          const rows = await client.batch.failures(jobId);
          if (output.json) for (const row of rows) output.record("failure", { ...row });
          else output.raw(`${JSON.stringify(rows, null, 2)}\n`);
        } else {
          output.raw(await client.batch.failuresCsv(jobId));
        }
        return EXIT.OK;
      }),
    );

  batch
    .command("template")
    .description("the CSV template: header row and one example row")
    .action(
      action<object, []>(async ({ client, output }) => {
        const csv = await client.batch.template();
        if (output.json) output.record("template", { csv });
        else output.raw(csv);
        return EXIT.OK;
      }),
    );
}

async function readUpload(path: string): Promise<File> {
  try {
    return await fileFromPath(path, "text/csv");
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function printRowErrors(output: Output, err: ValidationError): void {
  output.record("refused", { message: err.message, errorCount: err.issueCount, requestId: err.requestId ?? null, errors: err.issues });
  output.line(err.message);
  output.table(
    ["row", "line", "column", "message"],
    err.issues.slice(0, TABLE_LIMIT).map((i) => [i.row ?? "-", i.line ?? "-", i.field ?? "-", i.message]),
  );
  const shown = Math.min(TABLE_LIMIT, err.issues.length);
  output.line(
    `${err.issueCount} error${err.issueCount === 1 ? "" : "s"} in total${shown < err.issueCount ? `, first ${shown} shown` : ""}; nothing was stored${err.requestId ? ` (request id ${err.requestId})` : ""}`,
  );
}

/**
 * Follows a job: NDJSON `progress` lines with --json, a progress bar when stdout is a
 * terminal, else one plain line per change.
 */
function progressReporter(output: Output, jobId: string): { update: (s: BatchJobStatus) => void; stop: () => void } {
  if (output.json) {
    return {
      update: (s) =>
        output.record("progress", {
          jobId,
          status: s.status,
          percentageProgress: s.percentageProgress,
          processedRows: s.processedRows,
          totalRows: s.totalRows,
        }),
      stop: () => {},
    };
  }
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "{bar} {percentage}% | {value}/{total} rows | {status}", stream: process.stdout, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (s) => {
        if (!started) bar.start(s.totalRows, 0, { status: s.status });
        started = true;
        bar.setTotal(s.totalRows);
        bar.update(s.processedRows, { status: s.status });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    update: (s) => output.line(`progress ${s.percentageProgress}% (${s.processedRows}/${s.totalRows} rows, ${s.status})`),
    stop: () => {},
  };
}
