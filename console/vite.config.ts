import { cpSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

/**
 * Response headers of the console's static assets (`_headers` at the root of the Workers
 * assets directory): a strict CSP — everything comes from this origin, nothing from a CDN.
 */
const HEADERS = `/console/*
  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  X-Frame-Options: DENY
/docs/*
  X-Content-Type-Options: nosniff
`;

function assetHeaders(): Plugin {
  return {
    name: "console-asset-headers",
    apply: "build",
    closeBundle() {
      writeFileSync(resolve(import.meta.dirname, "dist/_headers"), HEADERS);
    },
  };
}

/**
 * The documentation UI's files (docs-ui/: vendored Swagger UI and its start script) go beside the
 * console in the same assets directory, served at /docs/ (README § Security): the page GET /docs
 * loads nothing from a CDN.
 */
function docsAssets(): Plugin {
  return {
    name: "docs-ui-assets",
    apply: "build",
    closeBundle() {
      const target = resolve(import.meta.dirname, "dist/docs");
      rmSync(target, { recursive: true, force: true });
      cpSync(resolve(import.meta.dirname, "../docs-ui"), target, { recursive: true });
    },
  };
}

// The console is static assets served by the Worker itself (wrangler.toml [assets],
// directory console/dist), built into console/dist/console so it answers at /console/.
// Preact's JSX goes through Vite's own transform (no framework plugin needed). The SDK is
// bundled from its source (packages/sdk/src, core entry only), so the console never depends on
// a stale build of packages/sdk/dist.
export default defineConfig({
  root: import.meta.dirname,
  resolve: { alias: [{ find: /^@revenue-edge\/sdk$/, replacement: resolve(import.meta.dirname, "../packages/sdk/src/index.ts") }] },
  base: "/console/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [assetHeaders(), docsAssets()],
  build: {
    outDir: "dist/console",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  logLevel: "warn",
});
