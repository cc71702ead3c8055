// `npm run dev`: the console built (console/dist, served by the Worker at /console/), local D1
// migrated, a demo site with credentials seeded (idempotent) and printed, then `wrangler dev`
// on 127.0.0.1:8787 (`npm run dev -- --port 9000` for another).
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildConsole, ensureDevVars, migrateLocal, root, wrangler, wranglerBin } from "./local-env.mjs";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomText = (n) => [...randomBytes(n)].map((b) => ALPHABET[b % 62]).join("");
const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const sqlText = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** Demo credentials live in .wrangler/ (git-ignored) so every run prints the same ones. */
function demoCredentials() {
  const file = resolve(root, ".wrangler/demo-credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const creds = {
    siteId: "site_demo",
    secretTokenId: "tok_demo_secret",
    secretToken: `sec_${randomText(32)}`,
    publicTokenId: "tok_demo_public",
    publicToken: `pub_${randomText(32)}`,
    oauthClientId: `cli_demo${randomText(16)}`,
    oauthClientSecret: `cs_${randomText(40)}`,
  };
  mkdirSync(resolve(root, ".wrangler"), { recursive: true });
  writeFileSync(file, JSON.stringify(creds, null, 2));
  return creds;
}

/**
 * The script tag of the published tracker (@pulsora/core, the exact version this project tests
 * against), pinned with a Subresource Integrity hash of that version's dist/browser.js.
 */
function trackerScriptTag(publicToken, endpoint) {
  const pkg = resolve(root, "node_modules/@pulsora/core");
  const { version } = JSON.parse(readFileSync(resolve(pkg, "package.json"), "utf8"));
  const integrity = `sha384-${createHash("sha384")
    .update(readFileSync(resolve(pkg, "dist/browser.js")))
    .digest("base64")}`;
  const src = `https://cdn.jsdelivr.net/npm/@pulsora/core@${version}/dist/browser.js`;
  return `<script async src="${src}" integrity="${integrity}" crossorigin="anonymous" data-token="${publicToken}" data-endpoint="${endpoint}"></script>`;
}

function seed(c) {
  // INSERT OR IGNORE: running dev again keeps the same site and credentials.
  const sql = [
    `INSERT OR IGNORE INTO sites (id, name, default_currency, rate_limit, rate_window_seconds) VALUES (${sqlText(c.siteId)}, 'Demo shop', 'USD', 600, 60);`,
    `INSERT OR IGNORE INTO api_tokens (id, site_id, kind, prefix, token_hash, token_hint, name) VALUES (${sqlText(c.secretTokenId)}, ${sqlText(c.siteId)}, 'secret', 'sec', ${sqlText(sha256(c.secretToken))}, ${sqlText(c.secretToken.slice(-4))}, 'demo secret');`,
    `INSERT OR IGNORE INTO api_tokens (id, site_id, kind, prefix, token_hash, token_hint, name) VALUES (${sqlText(c.publicTokenId)}, ${sqlText(c.siteId)}, 'public', 'pub', ${sqlText(sha256(c.publicToken))}, ${sqlText(c.publicToken.slice(-4))}, 'demo public');`,
    `INSERT OR IGNORE INTO oauth_clients (id, site_id, secret_hash, name) VALUES (${sqlText(c.oauthClientId)}, ${sqlText(c.siteId)}, ${sqlText(sha256(c.oauthClientSecret))}, 'demo client');`,
  ].join("\n");
  wrangler(["d1", "execute", "DB", "--local", "--command", sql], { quiet: true });
}

const args = process.argv.slice(2);
const portIndex = args.indexOf("--port");
const port = portIndex >= 0 ? args[portIndex + 1] : "8787";
const passThrough = portIndex >= 0 ? args.filter((_, i) => i !== portIndex && i !== portIndex + 1) : args;

const vars = ensureDevVars();
console.log("Building the console…");
buildConsole();
console.log("Applying local D1 migrations…");
migrateLocal();
const c = demoCredentials();
seed(c);
const base = `http://127.0.0.1:${port}`;
const tracker = trackerScriptTag(c.publicToken, `${base}/api/ingest`);

console.log(`
revenue-edge demo site (local)
  site id             ${c.siteId}
  secret token        ${c.secretToken}
  public token        ${c.publicToken}
  OAuth client id     ${c.oauthClientId}
  OAuth client secret ${c.oauthClientSecret}
  admin token         ${vars.ADMIN_TOKEN} (from .dev.vars)

Send a revenue event:
  curl -s -X POST ${base}/api/ingest -H 'Content-Type: application/json' -H 'X-API-Token: ${c.secretToken}' -d '{"type":"revenue","data":{"visitor_fingerprint":"fp_abc","session_id":"sess_xyz","customer_id":"cus_42","amount":499.99,"currency":"USD","transaction_id":"ch_demo_'"$(date +%s)"'","event_type":"purchase"}}'
See it in the ledger a second later:
  curl -s ${base}/v1/${c.siteId}/revenue -H 'Authorization: Bearer ${c.secretToken}'
Get an OAuth2 access token with the demo client, then upload an account revenue file with it:
  TOKEN=$(curl -s -X POST ${base}/oauth2/token -d 'grant_type=client_credentials&client_id=${c.oauthClientId}&client_secret=${c.oauthClientSecret}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  printf 'Account,Revenue,Start,End,Type\\nAcme,12000,2016-01-01,2016-12-31,ARR\\n' > /tmp/accounts.csv
  curl -s ${base}/v4.1/company/revenue_file_automate.json -H "Authorization: Bearer $TOKEN" -F 'file=@/tmp/accounts.csv'
  curl -s '${base}/v4.1/company/Acme/revenue?from=2016-01&to=2016-12' -H 'Authorization: api_key ${c.secretToken}'
Track a website: paste this into any HTML page (the demo public token accepts any origin), open it:
  ${tracker}
  (no CDN? serve node_modules/@pulsora/core/dist/browser.js yourself and point src at it)
then see the pageview a second later:
  curl -s ${base}/v1/${c.siteId}/analytics/summary -H 'Authorization: Bearer ${c.secretToken}'
  curl -s '${base}/v1/${c.siteId}/analytics/breakdown?by=path' -H 'Authorization: Bearer ${c.secretToken}'
  curl -s '${base}/v1/${c.siteId}/events?limit=5' -H 'Authorization: Bearer ${c.secretToken}'
API docs: ${base}/docs
Console:  ${base}/console/  (sign in with the secret token above, or the admin token)
`);

const child = spawn(process.execPath, [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", port, ...passThrough], {
  cwd: root,
  stdio: "inherit",
  // WRANGLER_DISABLE_REQUEST_BODY_DRAINING: wrangler dev otherwise wraps the Worker in a middleware
  // that reads every unread request body to its end before returning the response, so a 413
  // refused from Content-Length would wait for a body that may never come (README § Limits).
  env: { WRANGLER_DISABLE_REQUEST_BODY_DRAINING: "1", ...process.env, WRANGLER_SEND_METRICS: "false" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
