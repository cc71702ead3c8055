// Which values of the Worker's own secrets (ADMIN_TOKEN, OAUTH_SIGNING_KEY) are accepted.
//
// "Local development" is decided by one explicit variable, ENVIRONMENT: wrangler.toml sets it to
// "production" (so a deploy is never in development by accident), and only .dev.vars (npm run
// dev, the benchmarks) and the test configuration set it to "development". Outside development a
// secret is refused when it is one of the values committed to this repository, shorter than 32
// bytes (RFC 7518 §3.2 asks HS256 keys for at least 256 bits), or made of fewer than 8 distinct
// characters. A refused secret disables what it protects (503 with the reason) instead of letting
// anyone who has read this repository in.
import type { Config } from "../config";
import { ApiError } from "../http/errors";

/** Values of the secrets that appear in this repository (.dev.vars.example, test configurations). */
const COMMITTED_SECRETS: ReadonlySet<string> = new Set([
  "dev-admin-token-change-me",
  "dev-oauth-signing-key-change-me-0123456789abcdef",
  "test-admin-token",
  "test-oauth-signing-key-0123456789abcdef",
  "sdk-test-admin-token",
  "sdk-test-oauth-signing-key-0123456789abcdef",
]);

export const MIN_SECRET_BYTES = 32;
const MIN_DISTINCT_CHARACTERS = 8;

type SecretName = "ADMIN_TOKEN" | "OAUTH_SIGNING_KEY";

/** Where ENVIRONMENT is "development" (.dev.vars and the tests): `config(env).localDevelopment`. */
type Place = Pick<Config, "localDevelopment">;

/** Why `value` may not be used as the secret `name` here, or null when it may. */
export function secretProblem(place: Place, name: SecretName, value: string | undefined): string | null {
  if (!value) return `${name} is not set`;
  if (place.localDevelopment) return null;
  if (COMMITTED_SECRETS.has(value)) return `${name} is the development default committed to the repository`;
  if (new TextEncoder().encode(value).byteLength < MIN_SECRET_BYTES) return `${name} is shorter than ${MIN_SECRET_BYTES} bytes`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) return `${name} has fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters`;
  return null;
}

const logged = new Set<string>();

/**
 * Throws 503 naming the problem when the secret cannot be used. Logged once per isolate and
 * secret, so an operator sees it in Workers Logs without a line per request.
 */
export function requireUsableSecret(place: Place, name: SecretName, value: string | undefined, what: string): void {
  const problem = secretProblem(place, name, value);
  if (problem === null) return;
  if (!logged.has(name)) {
    logged.add(name);
    console.error(JSON.stringify({ level: "error", msg: `${what} is disabled`, reason: problem }));
  }
  throw new ApiError({
    code: "SERVICE_UNAVAILABLE",
    message: `${what} is disabled: ${problem}. Set it with \`wrangler secret put ${name}\` (at least ${MIN_SECRET_BYTES} random bytes); development defaults are accepted only where ENVIRONMENT=development.`,
    headers: { "Retry-After": "300" },
  });
}

const sha256 = async (text: string) => new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));

/**
 * Compares a presented secret with the expected one in constant time: both are hashed first,
 * so the comparison always runs over 32 bytes and nothing (not even the length) returns early.
 */
export async function sameSecret(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(presented), sha256(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}
