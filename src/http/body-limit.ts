import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

export type BodyLimitOptions = {
  /** The error for a body over the limit (default: 413 naming the limit). */
  tooLarge?: (maxBytes: number) => ApiError;
  /** The error for a body that cannot be read (default: 400). */
  unreadable?: () => ApiError;
  /**
   * A body without Content-Length is read here, whole, before the route runs (so the route's
   * own parsing never sees a half body), unless `stream` is set: then it is counted as the route
   * reads it, for routes that stream large bodies themselves (the CSV batch upload).
   */
  stream?: boolean;
};

const defaultTooLarge = (maxBytes: number) =>
  new ApiError({ code: "PAYLOAD_TOO_LARGE", message: `The request body must not be larger than ${maxBytes} bytes.` });

const defaultUnreadable = () =>
  new ApiError({
    code: "BAD_REQUEST",
    wireCode: "unreadable_body",
    message: "The request body could not be read: the connection ended before the body did, or its chunked encoding is malformed.",
  });

/** A stream of `source` that fails with `tooLarge` past `max` bytes and with `unreadable` when the source fails. */
function guarded(
  source: ReadableStream<Uint8Array>,
  max: number,
  tooLarge: () => ApiError,
  unreadable: () => ApiError,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          controller.error(unreadable());
          return;
        }
        if (chunk.done) {
          controller.close();
          return;
        }
        seen += chunk.value.byteLength;
        if (seen > max) {
          controller.error(tooLarge());
          await reader.cancel().catch(() => {});
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Reads all of `stream` (at most `max` bytes), throwing the guard's errors. */
async function readWhole(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Refuses bodies over `maxBytes` with 413 before they are parsed (contract §0): from
 * Content-Length when present, before a byte of the body is read; otherwise while it is read.
 * A body that fails while being read (the client stopped sending before its Content-Length, a
 * malformed chunked encoding) is a 400, never a 500.
 *
 * @example app.post("/v2/history/revenue", limitBody(5 * 1024 * 1024), handler)
 */
export function limitBody(maxBytes: number | ((c: Context<AppEnv>) => number), options: BodyLimitOptions = {}): MiddlewareHandler<AppEnv> {
  const tooLarge = options.tooLarge ?? defaultTooLarge;
  const unreadable = options.unreadable ?? defaultUnreadable;
  return async function limitBody(c, next) {
    const source = c.req.raw.body;
    if (!source) return next();
    const max = typeof maxBytes === "number" ? maxBytes : maxBytes(c);
    const declared = c.req.raw.headers.has("transfer-encoding") ? null : c.req.header("content-length");
    if (declared != null && Number(declared) > max) throw tooLarge(max);

    const body = guarded(source, max, () => tooLarge(max), unreadable);
    if (declared == null && !options.stream) {
      c.req.raw = new Request(c.req.raw, { body: await readWhole(body) });
    } else {
      c.req.raw = new Request(c.req.raw, { body, duplex: "half" } as RequestInit);
    }
    await next();
  };
}
