import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { csv, row, validCsv } from "./revenue-csv-fixtures";
import { acceptedJob, finishedJob, get, jobStatus } from "./support/batch-api";

type LedgerRecord = {
  external_id: string;
  amount: string;
  amount_minor: number;
  currency: string;
  occurred_at: string;
  labels: string[];
  metadata: Record<string, unknown>;
  job_id: string;
  source: string;
};

async function ledgerOf(siteId: string, token: string): Promise<LedgerRecord[]> {
  const res = await get(`/v1/${siteId}/revenue?source=batch&limit=1000`, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: LedgerRecord[] }).data;
}

describe("POST /v1/{siteId}/revenue/upload/batch: valid files", () => {
  it("accepts a valid file (202), keeps it in R2, and the queue writes every row: complete, exact counts", async () => {
    const t = await createTenant();
    const text = csv([
      row(1, { CurrencyCode: "JPY", Value: "1000", RevenueClosedDate: "2024-01-31" }),
      row(2, { CurrencyCode: "BHD", Value: "1.234", RevenueClosedDate: "2024-02-29T23:59:59.1234567", Label2: "" }),
      row(3, { Value: "24.99", LeadDate: "", AdditionalDataProperties: "Name=Source,Value=Google;Name=Campaign,Value=Spring" }),
    ]);
    const jobId = await acceptedJob(t.site.id, t.secret, text);
    expect(jobId).toMatch(/^job_/);

    const stored = await env.UPLOADS.get(`batch/${t.site.id}/${jobId}.csv`);
    expect(await stored?.text()).toBe(text);

    const done = await finishedJob(t.site.id, t.secret, jobId);
    expect(done).toEqual({
      jobId,
      jobType: "revenue",
      status: "complete",
      totalRows: 3,
      processedRows: 3,
      percentageProgress: 100,
      successCount: 3,
      failureCount: 0,
      createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      completedDateTime: expect.stringMatching(/Z$/),
      failureReason: null,
    });

    const records = await ledgerOf(t.site.id, t.secret);
    const byRef = new Map(records.map((r) => [r.external_id, r]));
    expect(byRef.get("REF-1")).toMatchObject({
      amount: "1000",
      amount_minor: 1000,
      currency: "JPY",
      occurred_at: "2024-01-31T00:00:00.000Z",
      source: "batch",
      job_id: jobId,
      labels: ["Deal", "Inbound"],
    });
    expect(byRef.get("REF-2")).toMatchObject({
      amount: "1.234",
      amount_minor: 1234,
      currency: "BHD",
      occurred_at: "2024-02-29T23:59:59.123Z",
      labels: ["Deal"],
    });
    expect(byRef.get("REF-2")?.metadata).toMatchObject({ revenue_closed_date: "2024-02-29T23:59:59.1234567Z" });
    expect(byRef.get("REF-3")?.metadata).toEqual({
      revenue_closed_date: "2024-03-01T00:00:00.0000000Z",
      lead_date: null,
      visitor_identifiers: { EmailAddress: "buyer3@example.com" },
      additional_data: [
        { name: "Source", value: "Google" },
        { name: "Campaign", value: "Spring" },
      ],
    });
  });

  it("reads LF files with a BOM, and columns in any order", async () => {
    const t = await createTenant();
    const header = ["Reference", "Label", "Value", "CurrencyCode", "RevenueClosedDate", "PayloadValue"];
    const text = `\uFEFF${csv([["A-1", "Deal", "5", "EUR", "2024-05-01", "p1"]], header, "\n")}\n`;
    const jobId = await acceptedJob(t.site.id, t.secret, text);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({ status: "complete", totalRows: 1, successCount: 1 });
  });

  it("completes a 20,000-row file (20 chunks through the queue) with exact counts", async () => {
    const t = await createTenant();
    const jobId = await acceptedJob(t.site.id, t.secret, validCsv(20_000));
    const first = await jobStatus(t.site.id, t.secret, jobId);
    expect(first.totalRows).toBe(20_000);
    expect(["pending", "processing", "complete"]).toContain(first.status);
    const done = await finishedJob(t.site.id, t.secret, jobId, 120_000);
    expect(done).toMatchObject({
      status: "complete",
      totalRows: 20_000,
      processedRows: 20_000,
      successCount: 20_000,
      failureCount: 0,
      percentageProgress: 100,
    });
    const count = await env.DB.prepare("SELECT count(*) AS n FROM ledger WHERE job_id = ?").bind(jobId).first<{ n: number }>();
    expect(count?.n).toBe(20_000);
  }, 150_000);
});

describe("GET /v1/{siteId}/batch/jobs and /revenue/template", () => {
  it("lists the site's jobs newest first, paginated", async () => {
    const t = await createTenant();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await acceptedJob(t.site.id, t.secret, validCsv(1, 100 * i + 1)));
      await new Promise((r) => setTimeout(r, 5)); // distinct creation times
    }
    const page1 = await get(`/v1/${t.site.id}/batch/jobs?pageSize=2`, t.secret);
    expect(page1.status).toBe(200);
    expect(page1.headers.get("X-Total-Count")).toBe("3");
    expect(page1.headers.get("Link")).toBe(`</v1/${t.site.id}/batch/jobs?pageSize=2&page=2>; rel="next"`);
    const jobs1 = (await page1.json()) as Array<{ jobId: string; jobType: string }>;
    expect(jobs1.map((j) => j.jobId)).toEqual([ids[2], ids[1]]);
    expect(jobs1[0]).toEqual({
      jobId: ids[2],
      jobType: "revenue",
      status: expect.stringMatching(/^(pending|processing|complete)$/),
      percentageProgress: expect.any(Number),
      failureReason: null,
      createdDateTime: expect.stringMatching(/Z$/),
    });
    const page2 = await get(`/v1/${t.site.id}/batch/jobs?pageSize=2&page=2`, t.secret);
    expect(((await page2.json()) as Array<{ jobId: string }>).map((j) => j.jobId)).toEqual([ids[0]]);
    expect(page2.headers.get("Link")).toBeNull();
  });

  it("serves revenue_template.csv: the header row and an example row that is itself a valid upload", async () => {
    const t = await createTenant();
    const res = await get(`/v1/${t.site.id}/revenue/template`, t.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="revenue_template.csv"');
    const text = await res.text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "RevenueClosedDate,CurrencyCode,Value,RaId,EmailAddress,PhoneNumber,PayloadValue,LeadDate,Label,Reference,AdditionalDataProperties",
    );
    const jobId = await acceptedJob(t.site.id, t.secret, text);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({ status: "complete", successCount: 1 });
  });

  it("answers 404 for a job of another site or no job at all", async () => {
    const t = await createTenant();
    expect((await get(`/v1/${t.site.id}/batch/job_missing/status`, t.secret)).status).toBe(404);
    const other = await createTenant();
    const jobId = await acceptedJob(other.site.id, other.secret, validCsv(1));
    expect((await get(`/v1/${t.site.id}/batch/${jobId}/status`, t.secret)).status).toBe(404);
  });
});
