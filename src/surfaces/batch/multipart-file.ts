// Reads the file part of a multipart/form-data request as a stream of bytes, without holding
// the body or the file in memory (`Request.formData()` would hold the whole upload, twice
// while parsing: 100 MB for a 50 MB file in a 128 MB isolate). The multipart framing is
// multipasta's (a small push parser used by @effect/platform); the bytes of the part named
// `field` go to `onBytes` as they arrive, other parts are ignored.
import * as Multipart from "multipasta";

export type MultipartFileOutcome = { ok: true; stoppedEarly: boolean } | { ok: false; status: 400 | 415; message: string };

export type MultipartFileOptions = {
  /** Name of the part holding the file. */
  field: string;
  /** Receives the file's bytes; returns false when the rest need not be read. */
  onBytes: (bytes: Uint8Array) => boolean;
  /** Awaited after each body chunk (back-pressure for the consumer of the bytes). */
  afterChunk?: () => Promise<void>;
};

const MAX_PARTS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

function describe(error: Multipart.MultipartError): string {
  switch (error._tag) {
    case "InvalidBoundary":
      return "The multipart/form-data Content-Type has no boundary.";
    case "EndNotReached":
      return "The multipart/form-data body ended before its closing boundary.";
    case "ReachedLimit":
      return `The multipart/form-data body has too many or too large parts (${error.limit}).`;
    default:
      return "The multipart/form-data body could not be read.";
  }
}

export async function readMultipartFile(request: Request, options: MultipartFileOptions): Promise<MultipartFileOutcome> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    return { ok: false, status: 415, message: `Send the CSV as multipart/form-data, in the part named ${options.field}.` };
  }
  // Written by the parser's callbacks (a plain object, so the checks below are not narrowed away).
  const state = { error: null as Multipart.MultipartError | null, files: 0, stopped: false, done: false };
  const parser = Multipart.make({
    headers: { "content-type": contentType },
    isFile: (info) => info.name === options.field,
    maxParts: MAX_PARTS,
    maxFieldSize: MAX_FIELD_BYTES,
    onFile: () => {
      state.files++;
      return (chunk) => {
        if (chunk && state.files === 1 && !state.stopped) state.stopped = !options.onBytes(chunk);
      };
    },
    onField: () => {},
    onError: (e) => {
      state.error ??= e;
    },
    onDone: () => {
      state.done = true;
    },
  });
  if (state.error) return { ok: false, status: 400, message: describe(state.error) };

  const body = request.body?.getReader();
  if (body) {
    for (;;) {
      const { done: ended, value } = await body.read();
      if (ended) break;
      parser.write(value);
      if (state.error) {
        await body.cancel().catch(() => {});
        return { ok: false, status: 400, message: describe(state.error) };
      }
      if (state.files > 1) {
        await body.cancel().catch(() => {});
        return { ok: false, status: 400, message: `Send one file, in the part named ${options.field}.` };
      }
      await options.afterChunk?.();
      if (state.stopped || state.done) {
        await body.cancel().catch(() => {});
        break;
      }
    }
  }
  if (!state.stopped && !state.done) parser.end();
  if (state.files === 0) {
    return { ok: false, status: 400, message: `The file is missing: send it in the multipart part named ${options.field}.` };
  }
  if (state.error && !state.stopped) return { ok: false, status: 400, message: describe(state.error) };
  return { ok: true, stoppedEarly: state.stopped };
}
