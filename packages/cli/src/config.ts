import { RevenueEdge } from "@revenue-edge/sdk";
import { type Output, UsageError } from "./output.js";

/** The global options, after flags and environment are merged (commander does the merge). */
export type GlobalOptions = {
  url: string;
  token?: string;
  site?: string;
  adminToken?: string;
  clientId?: string;
  clientSecret?: string;
  json?: boolean;
  timeout?: string;
  maxRetries?: string;
};

export function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number ≥ 0, not "${value}"`);
  return n;
}

export function clientFor(options: GlobalOptions, output: Output): RevenueEdge {
  return new RevenueEdge({
    baseUrl: options.url,
    token: options.token,
    siteId: options.site,
    adminToken: options.adminToken,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    timeoutMs: intOption("--timeout", options.timeout),
    maxRetries: intOption("--max-retries", options.maxRetries),
    onRetry: ({ attempt, delayMs, error }) => {
      output.note(
        `retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s after: ${error.message}${error.requestId ? ` (request id ${error.requestId})` : ""}`,
      );
      output.record("retry", { attempt, delayMs, error: error.name, message: error.message, requestId: error.requestId ?? null });
    },
  });
}

export function requireOption(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`${what} is required`);
  return value;
}
