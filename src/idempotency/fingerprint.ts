// What makes two requests "the same request" for an Idempotency-Key: method, path, query,
// media type and body, hashed (SHA-256) as the body streams through, so a 50 MB upload is never
// held in memory for it.
//
// A multipart/form-data body carries a boundary that clients pick at random per request (curl
// does), so the same file sent twice differs in those bytes only; the boundary is left out of
// the hash. Everything else of the body (part headers, file names, contents) counts.
import { Buffer } from "node:buffer";
import { createHash, type Hash } from "node:crypto";

/** Feeds `emit` with the bytes of a stream minus every occurrence of `delimiter`. */
class DelimiterStripper {
  private carry: Uint8Array = new Uint8Array(0);

  constructor(private readonly delimiter: Uint8Array) {}

  push(chunk: Uint8Array, emit: (bytes: Uint8Array) => void): void {
    const data = this.carry.byteLength === 0 ? chunk : concat(this.carry, chunk);
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let from = 0;
    for (;;) {
      const at = buf.indexOf(this.delimiter, from);
      if (at < 0) break;
      if (at > from) emit(data.subarray(from, at));
      from = at + this.delimiter.byteLength;
    }
    // The tail could be the start of a delimiter cut by the chunk border: keep it for later.
    const keep = Math.min(data.byteLength - from, this.delimiter.byteLength - 1);
    const safeEnd = data.byteLength - keep;
    if (safeEnd > from) emit(data.subarray(from, safeEnd));
    this.carry = data.slice(safeEnd);
  }

  end(emit: (bytes: Uint8Array) => void): void {
    if (this.carry.byteLength > 0) emit(this.carry);
    this.carry = new Uint8Array(0);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

export type FingerprintParts = { method: string; path: string; query: string; contentType: string | null };

/** The parts of a request that, with its body, decide whether two requests are the same. */
export function fingerprintParts(request: Request): FingerprintParts {
  const url = new URL(request.url);
  return { method: request.method, path: url.pathname, query: url.search, contentType: request.headers.get("content-type") };
}

/** An incremental request fingerprint. */
export class RequestFingerprint {
  private readonly hash: Hash = createHash("sha256");
  private readonly stripper: DelimiterStripper | null;
  private readonly write = (bytes: Uint8Array) => void this.hash.update(bytes);
  /** Body bytes seen so far. */
  bytes = 0;

  constructor(parts: FingerprintParts) {
    const contentType = parts.contentType ?? "";
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    const boundary = /^multipart\//.test(mediaType) ? /;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1] : undefined;
    this.stripper = boundary ? new DelimiterStripper(new TextEncoder().encode(`--${boundary}`)) : null;
    this.hash.update(`v1\n${parts.method}\n${parts.path}\n${parts.query}\n${mediaType}\n`);
  }

  update(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    if (this.stripper) this.stripper.push(chunk, this.write);
    else this.hash.update(chunk);
  }

  /** The hex digest; call once, after the last chunk. */
  digest(): string {
    this.stripper?.end(this.write);
    return this.hash.digest("hex");
  }
}

export type ReadFingerprint = { ok: true; fingerprint: string } | { ok: false; tooLarge: true };

/** Reads the whole body of `request` (at most `maxBytes`) and returns its fingerprint. */
export async function fingerprintOf(request: Request, maxBytes: number): Promise<ReadFingerprint> {
  const fingerprint = new RequestFingerprint(fingerprintParts(request));
  const reader = request.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      fingerprint.update(value);
      if (fingerprint.bytes > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, tooLarge: true };
      }
    }
  }
  return { ok: true, fingerprint: fingerprint.digest() };
}

/**
 * Wraps a request so that its fingerprint is computed as the handler reads the body. A handler
 * that stops reading early (or cancels) leaves the rest in the source: `finish()` reads up to
 * `drainBytes` more to complete the fingerprint, and gives up (null) beyond that.
 */
export class FingerprintingBody {
  private readonly fingerprint: RequestFingerprint;
  private readonly source: ReadableStreamDefaultReader<Uint8Array> | null;
  private ended = false;
  readonly request: Request;

  constructor(request: Request) {
    this.fingerprint = new RequestFingerprint(fingerprintParts(request));
    this.source = request.body?.getReader() ?? null;
    if (!this.source) {
      this.ended = true;
      this.request = request;
      return;
    }
    const source = this.source;
    const body = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const { done, value } = await source.read();
          if (done) {
            this.ended = true;
            controller.close();
            return;
          }
          this.fingerprint.update(value);
          controller.enqueue(value);
        },
        // The handler is done with the body; the source stays open for finish().
        cancel: () => {},
      },
      { highWaterMark: 0 },
    );
    this.request = new Request(request, { body, duplex: "half" } as RequestInit);
  }

  /** The fingerprint of the whole request, or null when more than `drainBytes` were left unread. */
  async finish(drainBytes: number): Promise<string | null> {
    if (!this.ended && this.source) {
      let drained = 0;
      for (;;) {
        const { done, value } = await this.source.read();
        if (done) break;
        drained += value.byteLength;
        if (drained > drainBytes) {
          await this.source.cancel().catch(() => {});
          return null;
        }
        this.fingerprint.update(value);
      }
      this.ended = true;
    }
    return this.fingerprint.digest();
  }

  /** Lets go of the source (when the fingerprint is not needed). */
  async abandon(): Promise<void> {
    if (!this.ended) await this.source?.cancel().catch(() => {});
  }
}
