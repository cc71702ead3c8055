// Benchmark Worker of `npm run bench:csv-crafted`: validates whatever file it is sent, the way
// the upload route does (64 KiB slices through `validateRevenueCsv`), `reps` times, and answers
// each rep's time and the verdict. Unlike validate-worker.ts it does not insist on a valid file:
// the crafted inputs are meant to be refused, and how much CPU the refusal costs is the figure.
//
//   POST /?reps=3   body: the CSV file
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

export default {
  async fetch(request: Request): Promise<Response> {
    const reps = Number(new URL(request.url).searchParams.get("reps") ?? 3);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const times: number[] = [];
    let verdict: unknown = null;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const outcome = await validateRevenueCsv(slices(bytes), { maxBytes: 1e9, maxRows: 1e7, nowMs: Date.now() });
      times.push(performance.now() - t0);
      verdict = outcome.ok
        ? { ok: true, totalRows: outcome.totalRows, chunks: outcome.chunks.length }
        : outcome.reason === "invalid"
          ? { ok: false, errorCount: outcome.errorCount, firstErrors: outcome.errors.slice(0, 2) }
          : { ok: false, message: outcome.message };
    }
    return Response.json({ bytes: bytes.length, times, verdict });
  },
};
