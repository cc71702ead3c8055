// Streams an upload of unknown length into R2 with bounded memory.
//
// R2's `put()` needs the length up front, which a multipart/form-data file part does not
// give. So bytes are gathered into fixed parts of PART_BYTES: a file that ends within the
// first part is written with one `put()` of a known length; a larger one becomes an R2
// multipart upload, one `uploadPart()` per full part. Nothing is visible in the bucket until
// `complete()`: an upload refused half-way is `abort()`ed and leaves no object (contract §5:
// a refused file stores nothing). Memory: the part being filled plus, while it uploads, the
// previous one.

/** R2 wants parts of at least 5 MiB (except the last), all of one size. */
export const PART_BYTES = 8 * 1024 * 1024;

export type R2UploadOptions = {
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
  partBytes?: number;
};

export class StreamingR2Upload {
  private readonly partBytes: number;
  private part: Uint8Array;
  private filled = 0;
  private readonly full: Uint8Array[] = [];
  private multipart: R2MultipartUpload | null = null;
  private readonly uploaded: R2UploadedPart[] = [];
  private size = 0;

  constructor(
    private readonly bucket: R2Bucket,
    readonly key: string,
    private readonly options: R2UploadOptions = {},
  ) {
    this.partBytes = options.partBytes ?? PART_BYTES;
    this.part = new Uint8Array(this.partBytes);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Copies `bytes` in (synchronously). Call `flush()` after to upload the parts that filled. */
  write(bytes: Uint8Array): void {
    this.size += bytes.byteLength;
    let at = 0;
    while (at < bytes.byteLength) {
      const n = Math.min(bytes.byteLength - at, this.partBytes - this.filled);
      this.part.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.partBytes) {
        this.full.push(this.part);
        this.part = new Uint8Array(this.partBytes);
        this.filled = 0;
      }
    }
  }

  /** Uploads the full parts gathered so far (await it to keep memory bounded). */
  async flush(): Promise<void> {
    while (this.full.length > 0) {
      const part = this.full.shift()!;
      this.multipart ??= await this.bucket.createMultipartUpload(this.key, {
        httpMetadata: this.options.httpMetadata,
        customMetadata: this.options.customMetadata,
      });
      this.uploaded.push(await this.multipart.uploadPart(this.uploaded.length + 1, part));
    }
  }

  /** Writes what is left and makes the object visible. */
  async complete(): Promise<void> {
    const rest = this.part.subarray(0, this.filled);
    if (!this.multipart && this.full.length === 0) {
      await this.bucket.put(this.key, rest, {
        httpMetadata: this.options.httpMetadata,
        customMetadata: this.options.customMetadata,
      });
      return;
    }
    await this.flush();
    // A file of exactly N parts has nothing left over: no empty last part.
    if (rest.byteLength > 0) this.uploaded.push(await this.multipart!.uploadPart(this.uploaded.length + 1, rest));
    await this.multipart!.complete(this.uploaded);
  }

  /** Drops everything written (nothing becomes visible). Never throws. */
  async abort(): Promise<void> {
    this.full.length = 0;
    try {
      await this.multipart?.abort();
    } catch (err) {
      console.error(JSON.stringify({ level: "warn", msg: "R2 multipart abort failed", key: this.key, error: String(err) }));
    }
  }
}
