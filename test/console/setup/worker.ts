// Global setup of the browser tests: `wrangler dev` of this Worker (static console assets
// included) on its own port, with its own migrated local state in a temp directory, so the
// tests neither see nor touch `npm run dev` data. The base URL and admin token are provided
// to the tests; the server is stopped (by its PID) after them.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDevVars, migrateLocal, root, wranglerBin } from "../../../scripts/local-env.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    consoleBase: string;
    adminToken: string;
    outputDir: string;
  }
}

const PORT = Number(process.env.CONSOLE_TEST_PORT ?? 8822);
const INSPECTOR_PORT = Number(process.env.CONSOLE_TEST_INSPECTOR_PORT ?? PORT + 1);

let child: ChildProcess | undefined;
let persistTo: string | undefined;

export default async function setup(project: TestProject) {
  if (!existsSync(resolve(root, "console/dist/console/index.html"))) {
    throw new Error("console/dist is missing: run `npm run build:console` (npm test does it first)");
  }
  const vars = ensureDevVars();
  persistTo = mkdtempSync(join(tmpdir(), "revenue-edge-console-"));
  migrateLocal(persistTo);
  const outputDir = resolve(root, "test-output/console");
  const log = openSync(join(persistTo, "wrangler.log"), "w");
  child = spawn(
    process.execPath,
    [
      wranglerBin,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(PORT),
      "--inspector-port",
      String(INSPECTOR_PORT),
      "--persist-to",
      persistTo,
      "--log-level",
      "warn",
    ],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", log, log] },
  );
  const base = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}; see ${persistTo}/wrangler.log`);
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer within 90 s; see ${persistTo}/wrangler.log`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("consoleBase", base);
  project.provide("adminToken", vars.ADMIN_TOKEN!);
  project.provide("outputDir", outputDir);

  return async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("exit", r));
    }
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  };
}
