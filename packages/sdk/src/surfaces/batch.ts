import type { Context } from "../context.js";
import { JobWaitTimeoutError } from "../errors.js";
import type { components } from "../generated/openapi.js";
import { sleep } from "../retry.js";
import { randomId } from "../transport.js";
import { type FileInput, fileBlob, fileName } from "./file-input.js";

type S = components["schemas"];
export type BatchJobStatus = S["BatchJobStatus"];
export type BatchJobListItem = S["BatchJobListItem"];
export type BatchJobState = BatchJobStatus["status"];
/** A failed row: `rowNumber`, the file's columns by name (a repeated `Label` as an array), `errorMessage`. */
export type BatchFailureRow = S["BatchFailureRow"];
export type SingleRevenueRecord = S["RevenueSingleRecord"];
export type SingleRevenueStored = S["RevenueSingleRecordStored"];

export const TERMINAL_STATES: ReadonlySet<BatchJobState> = new Set(["complete", "partialcomplete", "failed"]);

export type UploadOptions = {
  /** File name sent in the multipart part (default: the File's name, else `revenue.csv`). */
  filename?: string;
  siteId?: string;
  /** Defaults to a fresh random key per upload; pass your own to make a retried upload recognisable across processes. */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

export type WaitOptions = {
  /** Time between status polls (default 1,000 ms). */
  intervalMs?: number;
  /** Give up (JobWaitTimeoutError) after this long; default: wait as long as it takes. */
  timeoutMs?: number;
  /** Called with the status whenever its progress changes (at least once, and at the end). */
  onProgress?: (status: BatchJobStatus) => void;
  signal?: AbortSignal;
};

/** A batch job: poll it, wait for it, read its failures. */
export class BatchJob {
  constructor(
    private readonly batch: BatchNamespace,
    readonly jobId: string,
    readonly siteId: string,
  ) {}

  status(options: { signal?: AbortSignal } = {}): Promise<BatchJobStatus> {
    return this.batch.status(this.jobId, { siteId: this.siteId, ...options });
  }

  /** Polls the status until the job is `complete`, `partialcomplete` or `failed`, and returns it. */
  async wait(options: WaitOptions = {}): Promise<BatchJobStatus> {
    const interval = options.intervalMs ?? 1_000;
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    let last = "";
    for (;;) {
      const status = await this.status({ signal: options.signal });
      const progress = `${status.status}:${status.processedRows}:${status.percentageProgress}`;
      if (progress !== last) options.onProgress?.(status);
      last = progress;
      if (TERMINAL_STATES.has(status.status)) return status;
      if (Date.now() + interval > deadline) {
        throw new JobWaitTimeoutError({
          message: `Job ${this.jobId} is still ${status.status} (${status.percentageProgress}%) after ${options.timeoutMs} ms`,
        });
      }
      await sleep(interval, options.signal);
    }
  }

  /** The failed rows, parsed (`?format=json`). 409 (ConflictError) until the job is terminal. */
  failures(options: { signal?: AbortSignal } = {}): Promise<BatchFailureRow[]> {
    return this.batch.failures(this.jobId, { siteId: this.siteId, ...options });
  }

  /** The failed rows as the server's CSV: `RowNumber`, the file's columns, `ErrorMessage`. */
  failuresCsv(options: { signal?: AbortSignal } = {}): Promise<string> {
    return this.batch.failuresCsv(this.jobId, { siteId: this.siteId, ...options });
  }
}

/**
 * CSV revenue batch jobs (`/v1/{siteId}/…`, Ruler-compatible). An upload is validated whole
 * by the server: a file with errors throws ValidationError whose `issues` are the row errors
 * (row, line, column, message) and stores nothing.
 */
export class BatchNamespace {
  constructor(private readonly ctx: Context) {}

  /**
   * Uploads a CSV (`POST …/revenue/upload/batch`) and returns its job. Sent with an
   * `Idempotency-Key` and retried on network errors, 5xx and 429 with the same key, so a retry
   * gets the first attempt's job back. Even without the key a re-sent file could not store a
   * row twice: rows already stored (same Reference and RevenueClosedDate) fail in a second job.
   */
  async upload(file: FileInput, options: UploadOptions = {}): Promise<BatchJob> {
    const siteId = this.ctx.siteId(options.siteId);
    const blob = await fileBlob(file, "text/csv");
    const filename = options.filename ?? fileName(file) ?? "revenue.csv";
    const { data } = await this.ctx.send(
      "bearer",
      { retry: "always", idempotencyKey: options.idempotencyKey ?? `batch-${randomId()}`, signal: options.signal },
      (init) => {
        const form = new FormData();
        form.append("file", blob, filename);
        return this.ctx.transport.api.POST("/v1/{siteId}/revenue/upload/batch", {
          params: { path: { siteId } },
          // openapi-fetch sends FormData as is (the runtime sets the multipart boundary).
          body: form as unknown as { file: string },
          headers: init.headers,
          signal: init.signal,
        });
      },
    );
    return new BatchJob(this, data.jobId, siteId);
  }

  /** A handle on an existing job. */
  job(jobId: string, options: { siteId?: string } = {}): BatchJob {
    return new BatchJob(this, jobId, this.ctx.siteId(options.siteId));
  }

  async status(jobId: string, options: { siteId?: string; signal?: AbortSignal } = {}): Promise<BatchJobStatus> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/batch/{jobId}/status", {
        params: { path: { siteId, jobId } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** The site's jobs, newest first, one page (`page` from 1, `pageSize` up to 100). */
  async jobs(
    options: { page?: number; pageSize?: number; siteId?: string; signal?: AbortSignal } = {},
  ): Promise<{ jobs: BatchJobListItem[]; total: number | undefined }> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data, response } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/batch/jobs", {
        params: { path: { siteId }, query: { page: options.page, pageSize: options.pageSize } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    const total = response.headers.get("x-total-count");
    return { jobs: data, total: total === null ? undefined : Number(total) };
  }

  async failures(jobId: string, options: { siteId?: string; signal?: AbortSignal } = {}): Promise<BatchFailureRow[]> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/batch/{jobId}/failures", {
        params: { path: { siteId, jobId }, query: { format: "json" } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data as BatchFailureRow[];
  }

  async failuresCsv(jobId: string, options: { siteId?: string; signal?: AbortSignal } = {}): Promise<string> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/batch/{jobId}/failures", {
        params: { path: { siteId, jobId }, query: { format: "csv" } },
        parseAs: "text",
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** `revenue_template.csv`: the header row and one example row. */
  async template(options: { siteId?: string; signal?: AbortSignal } = {}): Promise<string> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/revenue/template", {
        params: { path: { siteId } },
        parseAs: "text",
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /**
   * One record at once (`PUT …/revenue/upload`) → 201. A record whose Reference and
   * RevenueClosedDate are already stored throws ConflictError (409). Sent with an
   * `Idempotency-Key` and retried with it.
   */
  async uploadRecord(
    record: SingleRevenueRecord,
    options: { siteId?: string; idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<SingleRevenueStored> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send(
      "bearer",
      { retry: "always", idempotencyKey: options.idempotencyKey ?? `single-${randomId()}`, signal: options.signal },
      (init) =>
        this.ctx.transport.api.PUT("/v1/{siteId}/revenue/upload", {
          params: { path: { siteId } },
          body: record,
          headers: init.headers,
          signal: init.signal,
        }),
    );
    return data;
  }
}
