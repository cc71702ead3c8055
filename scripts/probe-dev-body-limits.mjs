// Which layer of `wrangler dev` holds a request body (README § Reliability, "Limits"):
// sends raw HTTP/1.1 requests with a Content-Length over a route's limit and no body, with a
// Content-Length longer than the body, and with a malformed chunked body, once to the port of
// `wrangler dev` (its proxy worker, which forwards to the Worker) and once straight to the
// workerd socket that serves the Worker itself, and prints what comes back and when.
//
//   node scripts/probe-dev-body-limits.mjs [--port 8862] [--inspector-port 8863] [--wrangler-default]
//
// `npm run dev` (and the benches) start wrangler dev with WRANGLER_DISABLE_REQUEST_BODY_DRAINING=1,
// which leaves out the middleware wrangler adds to the Worker in dev that reads every unread
// request body to its end before the response is returned (what holds a 413 while the body
// never comes); `--wrangler-default` probes wrangler's default, with that middleware.
import { execFileSync } from "node:child_process";
import net from "node:net";
import { startWranglerDev } from "../bench/lib/wrangler-dev.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PORT = arg("port", 8862);
const WAIT_MS = 6_000;

/** Listening TCP ports of the workerd processes under `pid` (the proxy's and the Worker's own). */
function workerdPorts(pid) {
  const descendants = (p) => {
    const out = [];
    try {
      for (const c of execFileSync("pgrep", ["-P", String(p)], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean))
        out.push(Number(c), ...descendants(c));
    } catch {
      // no children
    }
    return out;
  };
  const pids = new Set(descendants(pid));
  const lines = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" }).split("\n");
  const ports = [];
  for (const line of lines) {
    const m = /127\.0\.0\.1:(\d+).*users:\(\("workerd",pid=(\d+)/.exec(line);
    if (m && pids.has(Number(m[2]))) ports.push({ port: Number(m[1]), pid: Number(m[2]) });
  }
  return ports;
}

/** Sends `head` (and `body`, then optionally half-closes); resolves with the first response line and the time it took. */
function probe(port, head, body = "", halfClose = false) {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    const done = (outcome) => {
      socket.destroy();
      resolve({ ...outcome, ms: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => done({ answer: `no answer within ${WAIT_MS / 1000} s` }), WAIT_MS);
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n\r\n")) {
        clearTimeout(timer);
        const status = text.split("\r\n")[0];
        const bodyStart = text.indexOf("\r\n\r\n") + 4;
        setTimeout(() => done({ answer: status, body: text.slice(bodyStart, bodyStart + 160).replace(/\s+/g, " ") }), 200);
      }
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      done({ answer: `socket error ${err.code}` });
    });
    socket.on("connect", () => {
      socket.write(head);
      if (body) socket.write(body);
      if (halfClose) socket.end();
    });
  });
}

process.env.WRANGLER_DISABLE_REQUEST_BODY_DRAINING = process.argv.includes("--wrangler-default") ? "" : "1";
const server = await startWranglerDev({ port: PORT, inspectorPort: arg("inspector-port", 8863), name: "body-probe" });
try {
  // The Worker's own socket is the one (other than wrangler's) that answers /healthz itself.
  let direct;
  for (const { port } of workerdPorts(server.pid).filter((p) => p.port !== PORT)) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    if (res?.ok && (await res.text()).includes('"ok"')) {
      direct = port;
      break;
    }
  }
  const targets = [
    ["wrangler dev port (proxy worker → Worker)", PORT],
    ["workerd socket of the Worker (miniflare entry → Worker), no proxy", direct],
  ];
  const limit = 32_768;
  const cases = [
    [
      "Content-Length over the limit (32,769), no body sent",
      `POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${limit + 1}\r\n\r\n`,
      "",
      false,
    ],
    [
      "Content-Length over the limit, body sent in full",
      `POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${limit + 1}\r\n\r\n`,
      "x".repeat(limit + 1),
      false,
    ],
    [
      "Content-Length 100, 50 bytes sent, then the client stops sending",
      `POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`,
      "{".padEnd(50, " "),
      true,
    ],
    [
      "malformed chunked body",
      `POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      "zz\r\n{}\r\n0\r\n\r\n",
      false,
    ],
  ];
  const results = [];
  for (const [name, port] of targets) {
    if (!port) {
      results.push({ target: name, case: "-", answer: "port not found" });
      continue;
    }
    for (const [label, head, body, halfClose] of cases)
      results.push({ target: `${name} :${port}`, case: label, ...(await probe(port, head, body, halfClose)) });
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  await server.stop();
}
