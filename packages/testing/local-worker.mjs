// Starts the real Worker under `wrangler dev` for the Node-side tests (SDK, CLI) and for
// regenerating the SDK's types: its own port and inspector port, a fresh temporary
// persistence directory with the drizzle-kit migrations applied, and the secrets passed as
// `--var` (they override .dev.vars, so a developer's local file does not matter).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
const wranglerBin = resolve(root, "node_modules/wrangler/bin/wrangler.js");

export const TEST_ADMIN_TOKEN = "sdk-test-admin-token";
const OAUTH_SIGNING_KEY = "sdk-test-oauth-signing-key-0123456789abcdef";

/**
 * @param {{ port: number, inspectorPort: number, vars?: Record<string, string> }} options
 * @returns {Promise<{ url: string, adminToken: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startLocalWorker({ port, inspectorPort, vars = {} }) {
  const persistTo = mkdtempSync(join(tmpdir(), "revenue-edge-sdk-"));
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" };
  execFileSync(process.execPath, [wranglerBin, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });

  // ENVIRONMENT=development: a test Worker, whose secrets (committed above) would be refused as
  // weak anywhere else (README § Security).
  const allVars = { ENVIRONMENT: "development", ADMIN_TOKEN: TEST_ADMIN_TOKEN, OAUTH_SIGNING_KEY, QUEUE_RETRY_BASE_SECONDS: "0", ...vars };
  const logFile = join(persistTo, "worker.log");
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistTo,
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
      ...Object.entries(allVars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    { cwd: root, env, stdio: ["ignore", log, log] },
  );
  let exited = false;
  child.once("exit", () => (exited = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`wrangler dev exited before serving:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`wrangler dev did not answer /healthz on ${url} within 90 s:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  async function stop() {
    if (!exited) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(persistTo, { recursive: true, force: true });
  }
  return { url, adminToken: TEST_ADMIN_TOKEN, logFile, stop };
}
