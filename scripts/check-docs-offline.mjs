// `npm run docs:check-offline`: renders GET /docs in headless Chromium with every origin but the
// local Worker unreachable, and checks that Swagger UI drew the API's operations and that the
// browser reported no blocked or failed load. The workerd tests (test/ops/docs.security.test.ts)
// check what the page references; this checks that it renders from those files alone.
//
// Builds the static assets (npm run build:console, which copies docs-ui/ to /docs/), starts
// `wrangler dev` on DOCS_CHECK_PORT (default 8880; inspector on the next port) with its own
// temporary state, and stops it. Chromium: CHROMIUM (default /usr/bin/chromium).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevVars, root, wranglerBin } from "./local-env.mjs";

const port = Number(process.env.DOCS_CHECK_PORT ?? 8880);
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const state = mkdtempSync(join(tmpdir(), "docs-check-"));
ensureDevVars();
spawnSync("npm", ["run", "build:console"], { cwd: root, stdio: "inherit" });

const server = spawn(
  process.execPath,
  [
    wranglerBin,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(port + 1),
    "--persist-to",
    state,
    "--log-level",
    "warn",
  ],
  { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", "ignore", "inherit"] },
);
const base = `http://127.0.0.1:${port}`;
let failed = false;
try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  const profile = mkdtempSync(join(tmpdir(), "docs-check-profile-"));
  const run = spawnSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
      // Offline but for the Worker: no name resolves, and anything else goes to a dead proxy.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      "--proxy-server=http://127.0.0.1:9",
      "--proxy-bypass-list=127.0.0.1",
      "--enable-logging=stderr",
      "--v=0",
      "--virtual-time-budget=20000",
      "--dump-dom",
      `${base}/docs`,
    ],
    { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  rmSync(profile, { recursive: true, force: true });
  const dom = run.stdout ?? "";
  const operations = (dom.match(/class="opblock-summary-path"/g) ?? []).length;
  const blocked = (run.stderr ?? "").split("\n").filter((l) => /CONSOLE|Refused|net::ERR|Failed to load/.test(l) && !/favicon/.test(l));
  const hasIngest = dom.includes('data-path="/api/ingest"');
  console.log(`docs: ${operations} operations rendered; /api/ingest shown: ${hasIngest}; console/network problems: ${blocked.length}`);
  for (const line of blocked.slice(0, 20)) console.log(`  ${line.slice(0, 300)}`);
  failed = operations < 10 || !hasIngest || blocked.length > 0;
} catch (err) {
  console.error(String(err));
  failed = true;
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(state, { recursive: true, force: true });
}
console.log(failed ? "docs offline check: FAILED" : "docs offline check: ok");
process.exit(failed ? 1 : 0);
