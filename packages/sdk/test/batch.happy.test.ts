import { type BatchJobStatus, ConflictError, ValidationError } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { references, revenueCsv } from "../../testing/revenue-csv";
import { tenant } from "./support/tenant";

describe("client.batch", () => {
  it("uploads a CSV and wait() reports progress that only increases, up to 100", async () => {
    const t = await tenant();
    const client = t.client();
    const job = await client.batch.upload(revenueCsv(references("R", 5_000)), { filename: "five-thousand.csv" });
    const seen: BatchJobStatus[] = [];
    const final = await job.wait({ intervalMs: 100, onProgress: (s) => seen.push(s) });

    expect(final).toMatchObject({
      jobId: job.jobId,
      status: "complete",
      totalRows: 5_000,
      processedRows: 5_000,
      successCount: 5_000,
      failureCount: 0,
      percentageProgress: 100,
    });
    expect(seen.length).toBeGreaterThan(0);
    const percentages = seen.map((s) => s.percentageProgress);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(percentages.at(-1)).toBe(100);
    expect(seen.at(-1)).toEqual(final);
    expect(await job.failures()).toEqual([]);
  });

  it("reports rows that duplicate an earlier upload as parsed failures of a partialcomplete job", async () => {
    const t = await tenant();
    const client = t.client();
    await (await client.batch.upload(revenueCsv(references("D", 3)))).wait({ intervalMs: 100 });
    const job = await client.batch.upload(revenueCsv([...references("D", 2, 1), ...references("N", 2)]));
    const final = await job.wait({ intervalMs: 100 });
    expect(final).toMatchObject({ status: "partialcomplete", successCount: 2, failureCount: 2 });
    const failures = await job.failures();
    expect(failures.map((f) => [f.rowNumber, f.Reference])).toEqual([
      [1, "D-1"],
      [2, "D-2"],
    ]);
    expect(failures[0]!.errorMessage).toMatch(/already stored/);
    expect(await job.failuresCsv()).toMatch(
      /^RowNumber,RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference,ErrorMessage\r?\n1,/,
    );
  });

  it("throws ValidationError with each row error (row, line, column, message) for a file with errors", async () => {
    const t = await tenant();
    const csv =
      "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference\n2024-02-30,USD,10,a@x.io,Deal,R1\n2024-01-01,EURO,1.005,,Deal,R2\n";
    const error = await t
      .client()
      .batch.upload(csv)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.issueCount).toBe(3);
    expect(error.issues[0]).toEqual({
      message: 'RevenueClosedDate "2024-02-30" is not a real calendar date',
      field: "RevenueClosedDate",
      row: 1,
      line: 2,
    });
    expect(error.issues.map((i: { row: number }) => i.row)).toEqual([1, 2, 2]);
    expect(error.requestId).toMatch(/\S/);
  });

  it("lists jobs newest first, reads a status and the template", async () => {
    const t = await tenant();
    const client = t.client();
    const first = await client.batch.upload(revenueCsv(references("L", 1)));
    const second = await client.batch.upload(revenueCsv(references("M", 1)));
    const { jobs, total } = await client.batch.jobs();
    expect(jobs.map((j) => j.jobId)).toEqual([second.jobId, first.jobId]);
    expect(total).toBe(2);
    expect((await client.batch.status(first.jobId)).jobId).toBe(first.jobId);
    const template = await client.batch.template();
    expect(template.split(/\r?\n/)[0]).toMatch(/^RevenueClosedDate,/);
    // The template is itself a valid upload.
    expect((await (await client.batch.upload(template)).wait({ intervalMs: 100 })).status).toBe("complete");
  });

  it("gets the first response again when an upload is repeated with the same Idempotency-Key", async () => {
    const t = await tenant();
    const client = t.client();
    const csv = revenueCsv(references("IDEM", 3));
    const first = await client.batch.upload(csv, { idempotencyKey: "upload-idem-1" });
    const again = await client.batch.upload(csv, { idempotencyKey: "upload-idem-1" });
    expect(again.jobId).toBe(first.jobId);
    const other = await client.batch.upload(csv, { idempotencyKey: "upload-idem-2" });
    expect(other.jobId).not.toBe(first.jobId);
    const reused = await client.batch.upload(revenueCsv(references("IDEM", 1)), { idempotencyKey: "upload-idem-1" }).catch((e) => e);
    expect(reused).toBeInstanceOf(ValidationError);
    expect(reused.status).toBe(422);
  });

  it("stores one record with a PUT and throws ConflictError for the same Reference and date", async () => {
    const t = await tenant();
    const client = t.client();
    const record = {
      CurrencyCode: "USD",
      Value: "24.99",
      RevenueClosedDate: "2024-03-01T12:00:00",
      VisitorIdentifierOptions: [{ Key: "EmailAddress" as const, Value: "ada@example.com" }],
      Labels: ["Deal"],
      Reference: "INV-2001",
    };
    const stored = await client.batch.uploadRecord(record);
    expect(stored).toMatchObject({ Reference: "INV-2001", CurrencyCode: "USD", Value: "24.99" });
    const again = await client.batch.uploadRecord(record).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.status).toBe(409);
  });
});
