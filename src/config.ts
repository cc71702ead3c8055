// The Worker's configuration: every variable of wrangler.toml [vars] and every secret, parsed by
// one zod schema into typed values. Parsed once per env object (the runtime hands the same
// object to every request of an isolate) and cached. A missing or malformed variable is found
// on the first request or queue batch that reads the configuration: it is logged once, naming
// the variable, and every such request answers 503 SERVICE_UNAVAILABLE with a message naming
// it (never its value), until the variable is fixed and the Worker redeployed.
import { z } from "zod";
import { ApiError } from "./http/errors";

/** A whole number written as text (wrangler.toml [vars] are strings), within [min, max]. */
function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.union([z.string(), z.number()], { error: `is missing; it ${message}` }).transform((v, ctx) => {
    const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return n;
  });
}

const configSchema = z
  .object({
    /** Requests per window for a new site's tokens. */
    DEFAULT_RATE_LIMIT: wholeNumber(1, 1_000_000),
    /** The window of that default. */
    DEFAULT_RATE_WINDOW_SECONDS: wholeNumber(1, 86_400),
    /** How long one isolate caches a token lookup (0: not cached). */
    TOKEN_CACHE_SECONDS: wholeNumber(0, 3_600),
    /** First retry delay of a failed queue message (doubled per attempt, capped at 300 s). */
    QUEUE_RETRY_BASE_SECONDS: wholeNumber(0, 300),
    /** Limits of one CSV batch upload. */
    BATCH_MAX_BYTES: wholeNumber(1, Number.MAX_SAFE_INTEGER),
    BATCH_MAX_ROWS: wholeNumber(1, Number.MAX_SAFE_INTEGER),
    /** Job watchdog: a live batch job with no progress for this long has its unprocessed chunks re-sent. */
    JOB_STALL_SECONDS: wholeNumber(1, 86_400),
    /** Re-sends in a row without progress before the watchdog ends the job `failed`. */
    JOB_RECOVERY_ATTEMPTS: wholeNumber(1, 100),
    /**
     * "development" only in .dev.vars and the tests: there the committed development secrets are
     * accepted (src/auth/deployment-secrets.ts). Absent or anything else: a deployment.
     */
    ENVIRONMENT: z.string({ error: "must be a string" }).optional(),
    /** Failed authentications allowed per client address per window (then 429). */
    AUTH_FAILURE_LIMIT: wholeNumber(1, 1_000_000),
    AUTH_FAILURE_WINDOW_SECONDS: wholeNumber(1, 86_400),
    /** Bearer token of the admin API; absent or empty: the admin API refuses every request. */
    ADMIN_TOKEN: z
      .string({ error: "must be a string" })
      .optional()
      .transform((v) => (v ? v : undefined)),
    /** HMAC key signing OAuth2 access tokens. */
    OAUTH_SIGNING_KEY: z
      .string({ error: "is missing; set it with `wrangler secret put OAUTH_SIGNING_KEY` (a long random string)" })
      .min(32, "must be at least 32 characters long"),
  })
  .transform((v) => ({
    defaultRateLimit: v.DEFAULT_RATE_LIMIT,
    defaultRateWindowSeconds: v.DEFAULT_RATE_WINDOW_SECONDS,
    tokenCacheSeconds: v.TOKEN_CACHE_SECONDS,
    queueRetryBaseSeconds: v.QUEUE_RETRY_BASE_SECONDS,
    batchMaxBytes: v.BATCH_MAX_BYTES,
    batchMaxRows: v.BATCH_MAX_ROWS,
    jobStallSeconds: v.JOB_STALL_SECONDS,
    jobRecoveryAttempts: v.JOB_RECOVERY_ATTEMPTS,
    localDevelopment: v.ENVIRONMENT === "development",
    authFailureLimit: v.AUTH_FAILURE_LIMIT,
    authFailureWindowSeconds: v.AUTH_FAILURE_WINDOW_SECONDS,
    adminToken: v.ADMIN_TOKEN,
    oauthSigningKey: v.OAUTH_SIGNING_KEY,
  }));

export type Config = z.infer<typeof configSchema>;

/** Thrown (as a 503) by `config` while a variable is missing or malformed. */
export class ConfigError extends ApiError {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super({ code: "SERVICE_UNAVAILABLE", message: `The service is misconfigured: ${variable} ${problem}` });
    this.variable = variable;
  }
}

const parsed = new WeakMap<object, Config | ConfigError>();

/** The configuration of `env`, parsed on first use; throws ConfigError naming the bad variable. */
export function config(env: Env): Config {
  let entry = parsed.get(env);
  if (!entry) {
    const result = configSchema.safeParse(env);
    if (result.success) {
      entry = result.data;
    } else {
      const issue = result.error.issues[0]!;
      const variable = String(issue.path[0] ?? "configuration");
      entry = new ConfigError(variable, issue.message);
      console.error(JSON.stringify({ level: "error", msg: "invalid configuration", variable, problem: issue.message }));
    }
    parsed.set(env, entry);
  }
  if (entry instanceof ConfigError) throw entry;
  return entry;
}
