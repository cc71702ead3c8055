import { writeFileSync } from "node:fs";
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

// The console is static assets served by the Worker itself (wrangler.toml [assets],
// directory console/dist), built into console/dist/console so it answers at /console/.
// Preact's JSX goes through Vite's own transform (no framework plugin needed).
export default defineConfig({
  root: import.meta.dirname,
  base: "/console/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [assetHeaders()],
  build: {
    outDir: "dist/console",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  logLevel: "warn",
});
