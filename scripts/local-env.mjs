// Shared by the dev script and the benchmarks: local secrets and migrations for `wrangler dev`.
import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
export const wranglerBin = resolve(root, "node_modules/wrangler/bin/wrangler.js");

function readVars(file) {
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

/**
 * Creates .dev.vars from .dev.vars.example when missing, and adds to an existing one the
 * variables the example has gained since (e.g. ENVIRONMENT=development, without which the
 * development secrets are refused). Returns its variables.
 */
export function ensureDevVars() {
  const file = resolve(root, ".dev.vars");
  const example = resolve(root, ".dev.vars.example");
  if (!existsSync(file)) {
    copyFileSync(example, file);
    console.log("Created .dev.vars from .dev.vars.example");
  }
  const vars = readVars(file);
  const missing = Object.entries(readVars(example)).filter(([name]) => !(name in vars));
  if (missing.length > 0) {
    const text = readFileSync(file, "utf8");
    appendFileSync(file, (text.endsWith("\n") || text === "" ? "" : "\n") + missing.map(([k, v]) => `${k}=${v}\n`).join(""));
    console.log(`Added to .dev.vars from .dev.vars.example: ${missing.map(([k]) => k).join(", ")}`);
    for (const [k, v] of missing) vars[k] = v;
  }
  return vars;
}

/** Runs wrangler with telemetry off and no prompts. */
export function wrangler(args, options = {}) {
  return execFileSync(process.execPath, [wranglerBin, ...args], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
    encoding: "utf8",
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
}

/** Applies the drizzle-kit migrations to the local D1 database (idempotent). */
export function migrateLocal(persistTo) {
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])], { quiet: true });
}

/** Builds the browser console into console/dist (the Worker's static assets). */
export function buildConsole() {
  execFileSync(process.execPath, [resolve(root, "node_modules/vite/bin/vite.js"), "build", "--config", "console/vite.config.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
}
