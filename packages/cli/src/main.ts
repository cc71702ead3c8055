import { Command, CommanderError, Option } from "commander";
import { registerAccounts } from "./commands/accounts.js";
import { registerAdmin } from "./commands/admin.js";
import { registerBatch } from "./commands/batch.js";
import { registerHistory } from "./commands/history.js";
import { registerReporting } from "./commands/reporting.js";
import { registerTrack } from "./commands/track.js";
import { EXIT } from "./exit-codes.js";

const EXIT_HELP = `
Configuration: flags, or the environment variables shown with each flag.
Output: text and tables for people on stdout (a progress bar on a terminal, plain progress
lines otherwise; retries and notes on stderr); with --json, one JSON object per line on
stdout, each with a "type" (progress, result, error, …).

Exit codes:
  0  done (a batch job "complete", every item stored)
  1  refused or failed (validation errors, a "failed" job, auth, not found, conflict)
  2  usage (unknown command or option, missing argument or setting, unreadable file)
  3  partly done (a "partialcomplete" job, an import where some items failed)
  4  not reached or not answered (network, timeout, rate limit or 5xx after retries)

Examples:
  revenue-edge batch upload examples/revenue.csv
  revenue-edge history import records.ndjson
  revenue-edge revenue list --source batch --format csv > ledger.csv
  revenue-edge --json batch status job_123
`;

export function buildProgram(): Command {
  const program = new Command("revenue-edge")
    .description(
      "Send revenue to a revenue-edge Worker and report on it: CSV batch jobs, history imports, account files, events, reporting and admin",
    )
    .version("0.1.0")
    .addOption(new Option("--url <url>", "the Worker's base URL").env("REVENUE_EDGE_URL").default("http://127.0.0.1:8787"))
    .addOption(new Option("--token <token>", "secret (or public) API token of the site").env("REVENUE_EDGE_TOKEN"))
    .addOption(new Option("--site <siteId>", "site id for /v1/{siteId}/… commands").env("REVENUE_EDGE_SITE"))
    .addOption(new Option("--admin-token <token>", "ADMIN_TOKEN for sites/tokens commands").env("REVENUE_EDGE_ADMIN_TOKEN"))
    .addOption(new Option("--json", "machine output: one JSON object per line"))
    .addOption(new Option("--timeout <ms>", "per-request timeout in ms").default("30000"))
    .addOption(new Option("--max-retries <n>", "retries of a failed request (0: none)").default("3"))
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_HELP)
    .exitOverride();

  registerBatch(program);
  registerHistory(program);
  registerAccounts(program);
  registerTrack(program);
  registerReporting(program);
  registerAdmin(program);
  return program;
}

/** Runs the CLI; the process exits with the command's code. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    throw err;
  }
  if (process.exitCode === undefined) process.exitCode = EXIT.OK;
}
