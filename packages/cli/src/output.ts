import { NetworkError, RateLimitError, RevenueEdgeError, ServerError, TimeoutError } from "@revenue-edge/sdk";
import Table from "cli-table3";
import { EXIT, type ExitCode } from "./exit-codes.js";

/** How much of a long error or row list is printed as a table. */
export const TABLE_LIMIT = 50;

/**
 * Everything the CLI prints goes through here. With `--json`, stdout is NDJSON: one JSON
 * object per line, each with a `type`; nothing else is printed on stdout. Without it, results
 * go to stdout as text and tables, progress and notes to stderr.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  /** One NDJSON line (only with --json). */
  record(type: string, fields: Record<string, unknown>): void {
    if (this.json) this.stdout.write(`${JSON.stringify({ type, ...fields })}\n`);
  }

  /** A line of the human result (stdout; nothing with --json). */
  line(text: string): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** Raw text to stdout (CSV bodies), in either mode. */
  raw(text: string): void {
    this.stdout.write(text);
  }

  /** A note or progress line for a person (stderr; nothing with --json). */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }

  table(head: string[], rows: Array<Array<string | number | null | undefined>>): void {
    if (this.json) return;
    const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
    for (const row of rows) table.push(row.map((c) => (c === null || c === undefined ? "" : String(c))));
    this.stdout.write(`${table.toString()}\n`);
  }

  /** Prints an error as one line (with its request id) and returns the exit code of its kind. */
  error(err: unknown): ExitCode {
    const code = exitCodeOf(err);
    if (err instanceof RevenueEdgeError) {
      const where = [err.status ? `HTTP ${err.status}` : undefined, err.requestId ? `request id ${err.requestId}` : undefined]
        .filter(Boolean)
        .join(", ");
      const retry = err instanceof RateLimitError || err instanceof ServerError ? err.retryAfter : undefined;
      if (this.json) {
        this.record("error", {
          error: err.name,
          message: err.message,
          status: err.status ?? null,
          requestId: err.requestId ?? null,
          code: err.code ?? null,
          ...(retry !== undefined ? { retryAfter: retry } : {}),
        });
      } else {
        this.stderr.write(`error: ${err.message}${where ? ` (${where})` : ""}${retry !== undefined ? `; retry after ${retry} s` : ""}\n`);
      }
      return code;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (this.json) this.record("error", { error: err instanceof Error ? err.name : "Error", message });
    else this.stderr.write(`error: ${message}\n`);
    return code;
  }
}

/** A usage problem (bad flag value, missing setting, unreadable file): exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof NetworkError || err instanceof TimeoutError || err instanceof RateLimitError || err instanceof ServerError)
    return EXIT.UNAVAILABLE;
  return EXIT.FAILED;
}
