import { describe, expect, it } from "vitest";
import { type CsvRecord, collectRecords, readCsvRecords } from "../../src/formats/revenue-csv/read-rows";
import { validateRevenueCsv } from "../../src/formats/revenue-csv/validate-file";
import { csv, row, streamOf, validCsv } from "./revenue-csv-fixtures";

const NOW = Date.parse("2025-06-15T12:00:00Z");
const limits = { maxBytes: 50 * 1024 * 1024, maxRows: 500_000, nowMs: NOW };

describe("revenue CSV validation: valid files", () => {
  it("accepts every documented date format, currency exponents and optional columns", async () => {
    const text = csv([
      row(1, { RevenueClosedDate: "2024-01-31", CurrencyCode: "JPY", Value: "1000" }),
      row(2, { RevenueClosedDate: "2024-02-29T23:59:59", CurrencyCode: "BHD", Value: "1.234" }),
      row(3, { RevenueClosedDate: "2024-03-01T10:00:00.1", Value: "-5.5", LeadDate: "" }),
      row(4, { RevenueClosedDate: "2024-03-01T10:00:00.1234567", EmailAddress: "", PayloadValue: "p-4" }),
      row(5, { RevenueClosedDate: "2025-06-15T12:00:00", CurrencyCode: "eur", AdditionalDataProperties: "" }),
      row(6, { Label: "", Label2: "", AdditionalDataProperties: " name=A , value=x=1,2 ; Name=B,Value=;" }),
    ]);
    const outcome = await validateRevenueCsv(streamOf(text, 97), limits);
    expect(outcome).toMatchObject({ ok: true, totalRows: 6 });
  });

  it("accepts LF line ends, a BOM and a trailing empty line", async () => {
    const text = `\uFEFF${csv([row(1), row(2)], undefined, "\n")}\n`;
    expect(await validateRevenueCsv(streamOf(text), limits)).toMatchObject({ ok: true, totalRows: 2 });
  });

  it("plans chunks whose byte ranges hold exactly their rows", async () => {
    const text = validCsv(2_500).replace("REF-7,", '"REF-7\r\nsecond line",');
    const bytes = new TextEncoder().encode(text);
    const outcome = await validateRevenueCsv(streamOf(bytes, 1000), { ...limits, rowsPerChunk: 1000 });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.chunks.map((c) => [c.index, c.firstRowNumber, c.firstLine, c.rowCount])).toEqual([
      [0, 1, 2, 1000],
      [1, 1001, 1003, 1000],
      [2, 2001, 2003, 500],
    ]);
    expect(outcome.chunks[2]!.byteEnd).toBe(bytes.length);
    for (const chunk of outcome.chunks) {
      const records: CsvRecord[] = [];
      const error = await readCsvRecords(streamOf(bytes.slice(chunk.byteStart, chunk.byteEnd)), collectRecords(records), {
        allowBom: false,
        firstLine: chunk.firstLine,
        byteOffset: chunk.byteStart,
      });
      expect(error).toBeNull();
      expect(records).toHaveLength(chunk.rowCount);
      expect(records[0]!.line).toBe(chunk.firstLine);
      expect(records[0]!.fields[10]).toBe(chunk.firstRowNumber === 1 ? "REF-1" : `REF-${chunk.firstRowNumber}`);
    }
  });

  it("ends a chunk before it passes 256 KiB of the file, however few rows it has", async () => {
    // Rows of ~16.1 KB (a long AdditionalDataProperties): 16 fit 256 KiB, so chunks of 16 rows.
    const text = validCsv(40, 1, { AdditionalDataProperties: `Name=Note,Value=${"x".repeat(16_000)}` });
    const outcome = await validateRevenueCsv(streamOf(text, 65_536), limits);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome).slice(0, 500));
    expect(outcome.chunks.map((c) => c.rowCount)).toEqual([16, 16, 8]);
    for (const c of outcome.chunks) expect(c.byteEnd - c.byteStart).toBeLessThanOrEqual(256 * 1024);
  });

  it("accepts cells at their length limits", async () => {
    const text = csv([
      row(1, {
        Label: "l".repeat(1024),
        EmailAddress: `${"e".repeat(1014)}@x.example`,
        AdditionalDataProperties: `Name=A,Value=${"v".repeat(16_384 - 13)}`,
      }),
    ]);
    expect(await validateRevenueCsv(streamOf(text), limits)).toMatchObject({ ok: true, totalRows: 1 });
  });
});
