import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { csv, HEADER, row, validCsv } from "./revenue-csv-fixtures";
import { acceptedJob, finishedJob, get } from "./support/batch-api";

describe("batch jobs: rows already in the ledger fail at processing time", () => {
  it("re-uploading the same file fails every row as a duplicate → failed, with a reason", async () => {
    const t = await createTenant();
    const text = validCsv(1500);
    const first = await finishedJob(t.site.id, t.secret, await acceptedJob(t.site.id, t.secret, text));
    expect(first).toMatchObject({ status: "complete", successCount: 1500, failureCount: 0 });

    const again = await finishedJob(t.site.id, t.secret, await acceptedJob(t.site.id, t.secret, text));
    expect(again).toMatchObject({
      status: "failed",
      totalRows: 1500,
      processedRows: 1500,
      successCount: 0,
      failureCount: 1500,
      percentageProgress: 100,
      failureReason: expect.stringMatching(/No row was stored: all 1500 rows are already stored/),
    });
  });

  it("a half-new file → partialcomplete; the failures report lists exactly the duplicates, in CSV and JSON", async () => {
    const t = await createTenant();
    await finishedJob(t.site.id, t.secret, await acceptedJob(t.site.id, t.secret, validCsv(4, 1)));
    // Rows 2 and 4 of the new file (REF-2 and REF-4) are already stored; REF-2 spans two lines.
    const text = csv([
      row(10),
      row(2, { Label: 'Deal, "Q1"\nsecond line' }),
      row(11),
      row(4, { RevenueClosedDate: "2024-03-01T00:00:00.000" }), // the same instant as 2024-03-01
    ]);
    const jobId = await acceptedJob(t.site.id, t.secret, text);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({
      status: "partialcomplete",
      totalRows: 4,
      processedRows: 4,
      successCount: 2,
      failureCount: 2,
      failureReason: null,
    });

    const csvRes = await get(`/v1/${t.site.id}/batch/${jobId}/failures`, t.secret);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-type")).toMatch(/^text\/csv/);
    const message = (ref: string) =>
      `A record with Reference "${ref}" and RevenueClosedDate 2024-03-01T00:00:00.0000000Z is already stored for this site`;
    const r2 = row(2, { Label: 'Deal, "Q1"\nsecond line' });
    const r4 = row(4, { RevenueClosedDate: "2024-03-01T00:00:00.000" });
    expect(await csvRes.text()).toBe(
      csv(
        [
          ["2", ...r2, message("REF-2")],
          ["4", ...r4, message("REF-4")],
        ],
        ["RowNumber", ...HEADER, "ErrorMessage"],
      ),
    );

    const jsonRes = await get(`/v1/${t.site.id}/batch/${jobId}/failures?format=json`, t.secret);
    expect(jsonRes.status).toBe(200);
    const failures = (await jsonRes.json()) as Array<Record<string, unknown>>;
    expect(failures).toHaveLength(2);
    expect(failures[0]).toEqual({
      rowNumber: 2,
      RevenueClosedDate: "2024-03-01",
      CurrencyCode: "USD",
      Value: "102.50",
      RaId: "",
      EmailAddress: "buyer2@example.com",
      PhoneNumber: "",
      PayloadValue: "",
      LeadDate: "2024-02-01T10:00:00",
      Label: ['Deal, "Q1"\nsecond line', "Inbound"],
      Reference: "REF-2",
      AdditionalDataProperties: "Name=Source,Value=Google",
      errorMessage: message("REF-2"),
    });
    expect(failures[1]).toMatchObject({ rowNumber: 4, Reference: "REF-4", errorMessage: message("REF-4") });
  });

  it("a complete job has an empty failures report", async () => {
    const t = await createTenant();
    const jobId = await acceptedJob(t.site.id, t.secret, validCsv(2));
    await finishedJob(t.site.id, t.secret, jobId);
    expect(await (await get(`/v1/${t.site.id}/batch/${jobId}/failures?format=json`, t.secret)).json()).toEqual([]);
    expect(await (await get(`/v1/${t.site.id}/batch/${jobId}/failures?format=csv`, t.secret)).text()).toBe(
      csv([], ["RowNumber", ...HEADER, "ErrorMessage"]),
    );
  });

  it("a record stored by PUT …/revenue/upload makes the same row of a later file fail", async () => {
    const t = await createTenant();
    const put = await call(`/v1/${t.site.id}/revenue/upload`, {
      method: "PUT",
      headers: { authorization: `Bearer ${t.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        CurrencyCode: "USD",
        Value: "101.50",
        RevenueClosedDate: "2024-03-01T00:00:00",
        VisitorIdentifierOptions: [{ Key: "EmailAddress", Value: "buyer1@example.com" }],
        Labels: ["Deal"],
        Reference: "REF-1",
      }),
    });
    expect(put.status).toBe(201);
    const jobId = await acceptedJob(t.site.id, t.secret, validCsv(3));
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({ status: "partialcomplete", successCount: 2, failureCount: 1 });
  });
});
