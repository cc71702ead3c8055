// Starts `wrangler dev` for a benchmark: its own port and its own local state directory (so
// benchmarks neither touch nor see the `npm run dev` data), migrated, with helpers to create a
// site and a token through the admin API. Stop it with `await server.stop()`.
import { spawn } from "node:child_process";
import { openSync, readdirSync, rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ensureDevVars, migrateLocal, root, wranglerBin } from "../../scripts/local-env.mjs";

export function machine() {
  return `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/**
 * The port of a benchmark's server: its default, or `BENCH_PORT_BASE` + `offset` when that is set
 * (to run beside other wrangler devs on the same machine). Inspector ports follow: port +
 * `BENCH_INSPECTOR_OFFSET` (default 10; e.g. 5 keeps a bench inside a range of ten ports).
 */
export function benchPort(defaultPort, offset = 0) {
  const base = process.env.BENCH_PORT_BASE;
  return base ? Number(base) + offset : defaultPort;
}

/** `--inspector-port` arguments when BENCH_PORT_BASE is set (else wrangler's default). */
export function inspectorArgs(port) {
  return process.env.BENCH_PORT_BASE ? ["--inspector-port", String(port + Number(process.env.BENCH_INSPECTOR_OFFSET ?? 10))] : [];
}

/**
 * `script`: a Worker entry other than wrangler.toml's `main` (with the same bindings), e.g. a
 * bench-only Worker. `fresh: false` keeps the state of an earlier run under the same name (a
 * restart); `inspectorPort` pins the inspector to a port of the caller's range; `killable: true`
 * starts wrangler in its own process group so that `kill()` can SIGKILL it and its workerd at once.
 */
export async function startWranglerDev({
  port = 8799,
  name = "bench",
  workerVars = {},
  script,
  fresh = true,
  inspectorPort,
  killable = false,
  logSuffix = "",
} = {}) {
  const persistTo = resolve(root, `.wrangler/${name}-state`);
  if (fresh) rmSync(persistTo, { recursive: true, force: true });
  const vars = ensureDevVars();
  migrateLocal(persistTo);
  // `workerVars`: extra Worker variables for this run only.
  const varArgs = Object.entries(workerVars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const log = openSync(`${persistTo}${logSuffix}.log`, "w");
  const inspector = inspectorPort ? ["--inspector-port", String(inspectorPort)] : inspectorArgs(port);
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      "dev",
      ...(script ? [script] : []),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistTo,
      "--log-level",
      process.env.BENCH_LOG_LEVEL ?? "warn", // BENCH_LOG_LEVEL=log keeps the Worker's access log in the log file
      ...inspector,
      ...varArgs,
    ],
    {
      cwd: root,
      // Without wrangler's dev-only body-draining middleware, as `npm run dev` (README § Limits).
      env: { WRANGLER_DISABLE_REQUEST_BODY_DRAINING: "1", ...process.env, WRANGLER_SEND_METRICS: "false" },
      // The Worker's own log lines go to a file beside its state, for looking into odd figures.
      // A killed wrangler's esbuild dumps its goroutines on stderr: keep that in the log file too.
      stdio: killable ? ["ignore", log, log] : ["ignore", log, "inherit"],
      detached: killable,
    },
  );
  const base = `http://127.0.0.1:${port}`;
  // A wrangler that exits (bad configuration, missing console build) fails at once, not after
  // the start-up deadline.
  let exited = null;
  child.once("exit", (code, signal) => {
    exited = `wrangler dev exited (${signal ?? code}) before serving; its output is in ${persistTo}${logSuffix}.log`;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }

  const adminHeaders = { authorization: `Bearer ${vars.ADMIN_TOKEN}`, "content-type": "application/json" };
  async function adminPost(path, body) {
    const res = await fetch(`${base}${path}`, { method: "POST", headers: adminHeaders, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** A site and a secret token whose rate limit is never reached by a benchmark. */
  async function tenant(options = {}) {
    const site = await adminPost("/admin/sites", { name: `bench ${Date.now()}`, ...options });
    const token = await adminPost(`/admin/sites/${site.id}/tokens`, {
      kind: "secret",
      rate_limit: { limit: 1_000_000, window_seconds: 1 },
    });
    return { siteId: site.id, token: token.token };
  }

  /** Read-only view of the local D1 file, for counting rows without going through the Worker. */
  function d1() {
    const dir = resolve(persistTo, "v3/d1/miniflare-D1DatabaseObject");
    const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
    return new DatabaseSync(resolve(dir, file), { readOnly: true });
  }

  async function stop() {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }

  /** `kill -9` of wrangler and its workerd (their process group; only with `killable: true`). */
  async function kill() {
    if (!killable) throw new Error("start with killable: true to kill");
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGKILL");
    await exited;
  }

  // `pid`: the wrangler process, whose descendants (workerd) a benchmark may sample for memory.
  return { base, port, pid: child.pid, persistTo, tenant, d1, stop, kill, adminHeaders };
}
