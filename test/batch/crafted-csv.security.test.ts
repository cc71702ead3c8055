import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type ChunkRow, failureArrays } from "../../src/surfaces/batch/chunk-store";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { csv, HEADER, row } from "./revenue-csv-fixtures";
import { acceptedJob, finishedJob, get, type RowErrorBody, storedFor, uploadCsv } from "./support/batch-api";

const utf8 = new TextEncoder();

/**
 * A multipart upload whose file part starts with `head` and then sends `more()` for ever; the
 * stream errors if it is read past `limit` bytes, so a server that reads the whole part fails.
 */
function endlessUpload(siteId: string, token: string, head: string, more: () => string, limit = 64 * 1024 * 1024) {
  const boundary = "----crafted" + crypto.randomUUID();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = utf8.encode(
        sent === 0
          ? `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="crafted.csv"\r\nContent-Type: text/csv\r\n\r\n${head}`
          : more(),
      );
      sent += chunk.byteLength;
      if (sent > limit) controller.error(new Error("the upload was read far past the refused row"));
      else controller.enqueue(chunk);
    },
  });
  const res = call(`/v1/${siteId}/revenue/upload/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
    // @ts-expect-error -- a streamed request body (workerd accepts it without duplex too)
    duplex: "half",
  });
  return { res, sent: () => sent };
}

describe("crafted batch CSV files (security)", () => {
  it("a row of a million commas is refused with 400 naming its row and line as soon as it is too wide; the rest is never read, nothing stored", async () => {
    const t = await createTenant();
    const upload = endlessUpload(t.site.id, t.secret, csv([row(1)]), () => ",".repeat(65_536));
    const res = await upload.res;
    expect(res.status).toBe(400);
    const body = (await res.json()) as RowErrorBody;
    expect(body.errorCount).toBe(1);
    expect(body.errors).toEqual([
      { rowNumber: 2, line: 3, column: null, message: "Row has more fields than the header's 12; the file was not read past this row" },
    ]);
    expect(upload.sent()).toBeLessThan(1024 * 1024);
    expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });

  it("a file of 1 MB cells is refused at validation with the row and line, instead of being accepted and failing in D1", async () => {
    const t = await createTenant();
    const text = csv(Array.from({ length: 3 }, (_, i) => row(i + 1, { Label: "x".repeat(1_000_000) })));
    const res = await uploadCsv(t.site.id, t.secret, text);
    expect(res.status).toBe(400);
    const body = (await res.json()) as RowErrorBody;
    expect(body.errors[0]).toEqual({
      rowNumber: 1,
      line: 2,
      column: null,
      message: expect.stringMatching(/^The row starting on line 2 is longer than 131072 characters/),
    });
    expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });

  it("a cell over its limit in an otherwise short row names the cell's column", async () => {
    const t = await createTenant();
    const res = await uploadCsv(t.site.id, t.secret, csv([row(1), row(2, { Reference: "R".repeat(300), Label: "x".repeat(5000) })]));
    expect(res.status).toBe(400);
    const body = (await res.json()) as RowErrorBody;
    expect(body.errors).toEqual([{ rowNumber: 2, line: 3, column: "Label", message: "Label 1 is longer than 1024 characters" }]);
  });

  it("a chunk's failure rows are bound to D1 in JSON arrays of at most 512 KiB, and a row at every limit alone stays under D1's 2 MB", () => {
    const control = "\u0001".repeat(1024);
    const cells = [...Array.from({ length: 98 }, () => control), `Name=A,Value=${"\u0001".repeat(16_371)}`];
    const reference = "\u0001".repeat(256);
    const row = (fields: string[], ref: string): ChunkRow => ({
      ledger: {
        id: "bat_x",
        dedupeKey: `ref:${ref}|2024-01-01T00:00:00.0000000Z`,
        externalId: ref,
        amountMinor: 1,
        currency: "USD",
        occurredAt: "2024-01-01T00:00:00.000Z",
        labels: fields.slice(0, 98),
        metadata: { additional_data: [{ name: "A", value: "\u0001".repeat(16_371) }] },
      },
      closedDate: "2024-01-01T00:00:00.0000000Z",
      rowNumber: 1,
      line: 2,
      fields,
    });
    const worst = row(cells, reference);
    const small = row(["a", "b"], "a");
    const bytes = (s: string) => utf8.encode(s).byteLength;
    expect(failureArrays(Array.from({ length: 1000 }, () => small))).toHaveLength(1);
    const parts = failureArrays([small, worst, worst, small, small]);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect(bytes(p)).toBeLessThan(2_000_000);
    expect(parts.flatMap((p) => JSON.parse(p) as unknown[])).toHaveLength(5);
    // The ledger row of the worst row is under 2 MB as well (the ledger's insert builder cuts rows the same way).
    expect(bytes(JSON.stringify(worst.ledger))).toBeLessThan(2_000_000);
  });

  it("a file whose rows are at every limit at once (100 columns, full cells, characters JSON escapes 6-fold) is accepted and stored completely", async () => {
    const t = await createTenant();
    const labels = 100 - HEADER.length;
    const header = [...HEADER, ...Array.from({ length: labels }, () => "Label")];
    const control = "\u0001".repeat(1024); // JSON writes each as \u0001: 6 bytes
    const wide = (n: number) => [
      ...row(n, { Label: control, Label2: control, AdditionalDataProperties: `Name=A,Value=${"\u0001".repeat(16_384 - 13)}` }),
      ...Array.from({ length: labels }, () => control),
    ];
    const text = csv(
      Array.from({ length: 5 }, (_, i) => wide(i + 1)),
      header,
    );
    expect(utf8.encode(text).byteLength).toBeGreaterThan(5 * 100_000);

    const jobId = await acceptedJob(t.site.id, t.secret, text);
    expect(await finishedJob(t.site.id, t.secret, jobId, 60_000)).toMatchObject({ status: "complete", successCount: 5, failureCount: 0 });
    const stored = await env.DB.prepare("SELECT count(*) AS n, max(length(labels)) AS labels FROM ledger WHERE job_id = ?")
      .bind(jobId)
      .first<{ n: number; labels: number }>();
    expect(stored?.n).toBe(5);
    expect(stored?.labels).toBeGreaterThan(500_000);

    // The same file again: every row fails as a duplicate and the failures (all cells) are stored too.
    const again = await acceptedJob(t.site.id, t.secret, text);
    expect(await finishedJob(t.site.id, t.secret, again, 60_000)).toMatchObject({ status: "failed", failureCount: 5 });
    const failures = (await (await get(`/v1/${t.site.id}/batch/${again}/failures?format=json`, t.secret)).json()) as unknown[];
    expect(failures).toHaveLength(5);
  });
});
