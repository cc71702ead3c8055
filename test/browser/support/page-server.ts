import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { resolve } from "node:path";

// The "customer's website": plain HTML pages on their own origin (not the Worker's) that load
// the real, unmodified @pulsora/core builds from node_modules.

const dist = resolve(import.meta.dirname, "../../../node_modules/@pulsora/core/dist");
const files: Record<string, string> = {
  "/pulsora.js": readFileSync(resolve(dist, "browser.js"), "utf8"), // the script-tag build
  "/pulsora.mjs": readFileSync(resolve(dist, "index.js"), "utf8"), // the ESM build
};

export type PageOptions = { token: string; endpoint: string };

const escape = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/** The script tag `npm run dev` prints, with a local src. */
function scriptTagPage(o: PageOptions): string {
  return `<!doctype html><html><head><title>Shop</title>
<script async src="/pulsora.js" data-token="${escape(o.token)}" data-endpoint="${escape(o.endpoint)}"></script>
</head><body><h1>Shop</h1></body></html>`;
}

/** The ESM build, initialised by hand as its README shows. */
function modulePage(o: PageOptions): string {
  return `<!doctype html><html><head><title>Shop (ESM)</title>
<script type="module">
import { Pulsora } from "/pulsora.mjs";
const tracker = new Pulsora();
tracker.init({ apiToken: ${JSON.stringify(o.token)}, endpoint: ${JSON.stringify(o.endpoint)} });
window.tracker = tracker;
</script>
</head><body><h1>Shop (ESM)</h1></body></html>`;
}

/**
 * Serves `/pulsora.js`, `/pulsora.mjs`, and any other path as a page: `?build=esm` for the ESM
 * page, the script-tag page otherwise. `setPage` chooses the token and endpoint of the pages.
 */
export async function startPageServer(port: number): Promise<{ setPage(o: PageOptions): void; close(): Promise<void> }> {
  let page: PageOptions = { token: "", endpoint: "" };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://page.test");
    const file = files[url.pathname];
    if (file) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      return res.end(file);
    }
    if (url.pathname === "/favicon.ico") {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(url.searchParams.get("build") === "esm" ? modulePage(page) : scriptTagPage(page));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok());
  });
  return {
    setPage(o) {
      page = o;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
