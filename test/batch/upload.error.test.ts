import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newApp } from "../../src/app";
import { createTenant } from "../support/fixtures";
import { csv, HEADER, type RowValues, row, validCsv } from "./revenue-csv-fixtures";
import { type RowErrorBody, storedFor, uploadCsv } from "./support/batch-api";

/** Uploads a 3-row file whose row 2 (line 3) has `overrides`; expects a 400 storing nothing. */
async function refusedRow2(overrides: RowValues) {
  const t = await createTenant();
  const res = await uploadCsv(t.site.id, t.secret, csv([row(1), row(2, overrides), row(3)]));
  expect(res.status).toBe(400);
  const body = (await res.json()) as RowErrorBody;
  expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  return body;
}

describe("POST /v1/{siteId}/revenue/upload/batch: each rule broken alone → 400 naming row, line and column", () => {
  const cases: [string, RowValues, string | null, RegExp][] = [
    ["RevenueClosedDate missing", { RevenueClosedDate: "" }, "RevenueClosedDate", /RevenueClosedDate is required/],
    ["RevenueClosedDate in another format", { RevenueClosedDate: "31/01/2024" }, "RevenueClosedDate", /must be yyyy-MM-dd/],
    ["RevenueClosedDate not a calendar date", { RevenueClosedDate: "2024-02-30" }, "RevenueClosedDate", /not a real calendar date/],
    ["RevenueClosedDate with an offset (not UTC)", { RevenueClosedDate: "2024-01-01T10:00:00+02:00" }, "RevenueClosedDate", /must be UTC/],
    ["RevenueClosedDate in the future", { RevenueClosedDate: "2999-01-01" }, "RevenueClosedDate", /in the future/],
    ["LeadDate malformed", { LeadDate: "2024-1-1" }, "LeadDate", /LeadDate "2024-1-1" must be/],
    ["CurrencyCode not ISO 4217", { CurrencyCode: "XYZ" }, "CurrencyCode", /not an active ISO 4217/],
    ["Value empty", { Value: "" }, "Value", /must not be empty/],
    ["Value not a number", { Value: "12,50" }, "Value", /not a decimal number/],
    [
      "Value with more decimals than the currency",
      { CurrencyCode: "BHD", Value: "1.2345" },
      "Value",
      /more decimals than BHD allows \(at most 3 decimals\)/,
    ],
    ["no visitor identifier", { EmailAddress: "" }, null, /At least one visitor identifier/],
    ["Reference missing", { Reference: "" }, "Reference", /Reference is required/],
    ["AdditionalDataProperties malformed", { AdditionalDataProperties: "Source:Google" }, "AdditionalDataProperties", /Name=X,Value=Y/],
    [
      "duplicate of another row of the file",
      { Reference: "REF-1" },
      "Reference",
      /Duplicate row: the same Reference and RevenueClosedDate as row 1 \(line 2\)/,
    ],
  ];

  it.each(cases)("%s", async (_, overrides, column, message) => {
    const body = await refusedRow2(overrides);
    expect(body).toEqual({
      message: "The file was refused: 1 error found, nothing was stored",
      errorCount: 1,
      errors: [{ rowNumber: 2, line: 3, column, message: expect.stringMatching(message) }],
    });
  });

  it("header errors have rowNumber null: an unknown column", async () => {
    const t = await createTenant();
    const res = await uploadCsv(t.site.id, t.secret, csv([[...row(1), "x"]], [...HEADER, "Notes"]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as RowErrorBody).errors).toEqual([
      { rowNumber: null, line: 1, column: "Notes", message: 'Unknown column "Notes"' },
    ]);
  });

  it("header errors have rowNumber null: no Label column", async () => {
    const t = await createTenant();
    const header = HEADER.filter((c) => c !== "Label");
    const res = await uploadCsv(t.site.id, t.secret, csv([row(1).filter((_, i) => HEADER[i] !== "Label")], header));
    expect(res.status).toBe(400);
    expect(((await res.json()) as RowErrorBody).errors).toEqual([
      { rowNumber: null, line: 1, column: "Label", message: "Required column Label is missing" },
    ]);
  });

  it("lists 1,000 errors of a file with many and counts them all", async () => {
    const t = await createTenant();
    const rows = Array.from({ length: 1200 }, (_, i) => row(i + 1, { Value: "abc" }));
    const res = await uploadCsv(t.site.id, t.secret, csv(rows));
    expect(res.status).toBe(400);
    const body = (await res.json()) as RowErrorBody;
    expect(body.errorCount).toBe(1200);
    expect(body.errors).toHaveLength(1000);
    expect(body.errors[0]).toMatchObject({ rowNumber: 1, line: 2, column: "Value" });
    expect(body.errors[999]).toMatchObject({ rowNumber: 1000, line: 1001, column: "Value" });
    expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });

  it("keeps line numbers right after quoted fields with newlines", async () => {
    const t = await createTenant();
    const text = csv([
      row(1, { AdditionalDataProperties: "Name=Note,Value=first line\r\nsecond line\r\nthird line" }),
      row(2, { Label: "multi\nline" }),
      row(3, { CurrencyCode: "EURO" }),
    ]);
    const res = await uploadCsv(t.site.id, t.secret, text);
    expect(res.status).toBe(400);
    expect(((await res.json()) as RowErrorBody).errors).toEqual([
      { rowNumber: 3, line: 7, column: "CurrencyCode", message: expect.stringMatching(/"EURO" is not an active ISO 4217/) },
    ]);
  });

  it("refuses malformed CSV (a quote never closed) with the row and line it starts on", async () => {
    const t = await createTenant();
    const res = await uploadCsv(t.site.id, t.secret, `${validCsv(2)}2024-01-01,USD,"5\r\n`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as RowErrorBody).errors).toEqual([
      { rowNumber: 3, line: 4, column: null, message: expect.stringMatching(/never closed/) },
    ]);
  });

  it("refuses a body that is not multipart/form-data (415) and a form without the file part (400)", async () => {
    const t = await createTenant();
    const raw = await fetchApp(t.site.id, t.secret, { body: validCsv(1), headers: { "content-type": "text/csv" } });
    expect(raw.status).toBe(415);
    const missing = await uploadCsv(t.site.id, t.secret, validCsv(1), { field: "upload" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as RowErrorBody).message).toMatch(/part named file/);
    expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });
});

/** Calls the app with other limits than wrangler.toml's (a 50 MB file is not needed to see a 413). */
async function fetchApp(
  siteId: string,
  token: string,
  init: { body: BodyInit; headers?: Record<string, string> },
  vars: { BATCH_MAX_ROWS?: string; BATCH_MAX_BYTES?: string } = {},
) {
  const request = new Request(`https://revenue-edge.test/v1/${siteId}/revenue/upload/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  });
  const ctx = createExecutionContext();
  // wrangler types gives the vars their literal default types; other values are the point here.
  const res = await newApp().fetch(request, { ...env, ...vars } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function form(text: string): FormData {
  const f = new FormData();
  f.append("file", new File([text], "revenue.csv", { type: "text/csv" }));
  return f;
}

describe("POST …/upload/batch: size limits → 413 naming the limit, nothing stored", () => {
  it("over the row limit", async () => {
    const t = await createTenant();
    const res = await fetchApp(t.site.id, t.secret, { body: form(validCsv(11)) }, { BATCH_MAX_ROWS: "10" });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: "The file has more than the limit of 10 data rows" });
    expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });

  it("over the byte limit, counted while reading", async () => {
    const t = await createTenant();
    const res = await fetchApp(t.site.id, t.secret, { body: form(validCsv(200)) }, { BATCH_MAX_BYTES: "20000" });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: "The file is larger than the limit of 20000 bytes" });
    expect(await storedFor(t.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });

  it("over the byte limit by Content-Length, before reading", async () => {
    const t = await createTenant();
    const encoded = new Response(form(validCsv(2000)));
    const body = await encoded.arrayBuffer(); // a body of known length: Content-Length is sent
    const headers = { "content-type": encoded.headers.get("content-type")! };
    const res = await fetchApp(t.site.id, t.secret, { body, headers }, { BATCH_MAX_BYTES: "1000" });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe("The file is larger than the limit of 1000 bytes");
  });
});
