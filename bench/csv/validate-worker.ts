// Benchmark Worker for `npm run bench:csv` part (a): runs inside workerd (started by
// bench/csv.mjs through wrangler's API), so validation and the parser baseline are measured in
// the runtime that serves uploads. The body is read into memory first, then fed in 64 KiB
// slices (as a network stream delivers it) `reps` times; the response carries each rep's time.
//
//   POST /?mode=validate|parse&reps=5   body: the CSV file
import Papa from "papaparse";
import { validateRevenueCsv } from "../../src/formats/revenue-csv/validate-file";

const SLICE = 64 * 1024;

function slices(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + SLICE));
      at += SLICE;
    },
  });
}

/** Papaparse's core parser alone, fed the same way the reader feeds it: the baseline. */
async function parseOnly(bytes: Uint8Array): Promise<number> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const reader = slices(bytes).getReader();
  let pending = "";
  let rows = 0;
  const step = () => {
    rows++;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    if (pending.length < SLICE) continue;
    const result = new Papa.Parser({ delimiter: ",", newline: "\n", quoteChar: '"', step }).parse(pending, 0, true);
    pending = pending.slice(result.meta.cursor);
  }
  new Papa.Parser({ delimiter: ",", newline: "\n", quoteChar: '"', step }).parse(pending + decoder.decode(), 0, false);
  return rows;
}

async function validate(bytes: Uint8Array): Promise<number> {
  const outcome = await validateRevenueCsv(slices(bytes), { maxBytes: 1e9, maxRows: 1e7, nowMs: Date.now() });
  if (!outcome.ok) throw new Error(`bench file is not valid: ${JSON.stringify(outcome).slice(0, 500)}`);
  return outcome.totalRows + 1; // + header, to compare with the parser's row count
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const mode = url.searchParams.get("mode");
    const reps = Number(url.searchParams.get("reps") ?? 5);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const run = mode === "parse" ? parseOnly : mode === "validate" ? validate : null;
    if (!run) return new Response("mode must be parse or validate", { status: 400 });
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      rows = await run(bytes);
      times.push(performance.now() - t0);
    }
    return Response.json({ mode, bytes: bytes.length, rows, times });
  },
};
