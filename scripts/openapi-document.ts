// Writes the OpenAPI document exactly as the Worker serves it at /openapi.json: the app is
// built in-process (the same newApp() the Worker and the tests use) and asked for the route.
// Used by `npm run lint:openapi` (redocly lint) and by anyone who wants the file (SDK
// generation). Usage: tsx scripts/openapi-document.ts [out-file] [origin]
import { mkdirSync, writeFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { dirname } from "node:path";

// Modules of the Workers runtime (`cloudflare:workers`) do not exist in Node: a stub stands in.
registerHooks({
  resolve: (specifier, context, nextResolve) =>
    specifier.startsWith("cloudflare:")
      ? { url: new URL("./cloudflare-workers-stub.mjs", import.meta.url).href, shortCircuit: true }
      : nextResolve(specifier, context),
});
const { newApp } = await import("../src/app");

const out = process.argv[2] ?? ".openapi/openapi.json";
// The local dev address (contract §1): the document's servers are the origin it is asked from.
const origin = process.argv[3] ?? "http://127.0.0.1:8787";

// /openapi.json touches no binding; the app's database middleware only needs a D1 object to
// hang its drizzle instance on.
const env = { DB: {} } as unknown as Env;
const res = await newApp().request(`${origin}/openapi.json`, {}, env);
if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}: ${await res.text()}`);
const document = (await res.json()) as object;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${out}`);
