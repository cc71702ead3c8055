// Regenerates packages/sdk/src/generated/openapi.ts from the Worker's GET /openapi.json.
//   npm run generate -w @revenue-edge/sdk                      starts the Worker on port 8802 for it
//   npm run generate -w @revenue-edge/sdk -- --url <base URL>  reads a running Worker's document
import { writeFile } from "node:fs/promises";
import { startLocalWorker } from "../../testing/local-worker.mjs";
import { GENERATED_FILE, renderOpenApiTypes } from "./openapi-types.mjs";

const urlIndex = process.argv.indexOf("--url");
let baseUrl = urlIndex >= 0 ? process.argv[urlIndex + 1] : undefined;
const worker = baseUrl ? undefined : await startLocalWorker({ port: 8802, inspectorPort: 8803 });
baseUrl ??= worker.url;
try {
  const res = await fetch(`${baseUrl.replace(/\/+$/, "")}/openapi.json`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/openapi.json: ${res.status}`);
  await writeFile(GENERATED_FILE, await renderOpenApiTypes(await res.json()));
  console.log(`wrote ${GENERATED_FILE.pathname}`);
} finally {
  await worker?.stop();
}
