import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { StreamingR2Upload } from "../../src/surfaces/batch/r2-upload";

const MiB = 1024 * 1024;

/** Deterministic bytes, written in uneven pieces as a network stream would deliver them. */
async function writeAll(upload: StreamingR2Upload, size: number) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 10)) & 0xff;
  for (let at = 0, piece = 1; at < size; at += piece, piece = (piece * 7 + 12_345) % 300_000) {
    upload.write(bytes.subarray(at, at + piece));
    await upload.flush();
  }
  return bytes;
}

describe("streaming R2 upload", () => {
  it("writes a file larger than a part as a multipart upload, byte for byte", async () => {
    const key = `test/${crypto.randomUUID()}.bin`;
    const upload = new StreamingR2Upload(env.UPLOADS, key, { partBytes: 5 * MiB });
    const bytes = await writeAll(upload, 12 * MiB + 17);
    expect(await env.UPLOADS.head(key)).toBeNull(); // nothing visible before complete()
    await upload.complete();
    const stored = await env.UPLOADS.get(key);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(bytes);
    const range = await env.UPLOADS.get(key, { range: { offset: 6 * MiB, length: 10 } });
    expect(new Uint8Array(await range!.arrayBuffer())).toEqual(bytes.subarray(6 * MiB, 6 * MiB + 10));
  });

  it("writes a file of exactly two parts without an empty last part", async () => {
    const key = `test/${crypto.randomUUID()}.bin`;
    const upload = new StreamingR2Upload(env.UPLOADS, key, { partBytes: 5 * MiB });
    const bytes = await writeAll(upload, 10 * MiB);
    await upload.complete();
    expect((await env.UPLOADS.head(key))?.size).toBe(bytes.length);
  });

  it("writes a small file with one put, and an aborted upload leaves no object", async () => {
    const small = `test/${crypto.randomUUID()}.csv`;
    const upload = new StreamingR2Upload(env.UPLOADS, small);
    upload.write(new TextEncoder().encode("a,b\r\n"));
    await upload.complete();
    expect(await (await env.UPLOADS.get(small))!.text()).toBe("a,b\r\n");

    const aborted = `test/${crypto.randomUUID()}.bin`;
    const big = new StreamingR2Upload(env.UPLOADS, aborted, { partBytes: 5 * MiB });
    await writeAll(big, 11 * MiB);
    await big.abort();
    expect(await env.UPLOADS.head(aborted)).toBeNull();
  });
});
