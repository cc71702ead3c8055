// npm run bench:ratelimit [name filter] — bundles the simulation (bench/ratelimit/*.ts, which
// imports the protocol's own modules from src/ratelimit) with esbuild, then runs it.

import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const outfile = resolve(root, ".wrangler/bench-ratelimit/simulation.mjs");
mkdirSync(resolve(outfile, ".."), { recursive: true });
await build({
  entryPoints: [resolve(root, "bench/ratelimit/main.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  outfile,
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
