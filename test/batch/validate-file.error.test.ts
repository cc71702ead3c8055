import { describe, expect, it } from "vitest";
import { type ValidationOutcome, validateRevenueCsv } from "../../src/formats/revenue-csv/validate-file";
import { csv, HEADER, type RowValues, row, streamOf, validCsv } from "./revenue-csv-fixtures";

const NOW = Date.parse("2025-06-15T12:00:00Z");
const limits = { maxBytes: 50 * 1024 * 1024, maxRows: 500_000, nowMs: NOW };

function validate(text: string, options: Partial<typeof limits> & { rowsPerChunk?: number } = {}) {
  return validateRevenueCsv(streamOf(text), { ...limits, ...options });
}

function invalid(outcome: ValidationOutcome) {
  if (outcome.ok || outcome.reason !== "invalid") throw new Error(`expected invalid, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** A 3-row file whose row 2 (line 3) has `overrides`; returns its errors. */
async function errorsOfRow2(overrides: RowValues) {
  const outcome = invalid(await validate(csv([row(1), row(2, overrides), row(3)])));
  return outcome.errors;
}

describe("revenue CSV validation: each rule broken alone", () => {
  const cases: [string, RowValues, string | null, RegExp][] = [
    ["missing RevenueClosedDate", { RevenueClosedDate: "" }, "RevenueClosedDate", /RevenueClosedDate is required/],
    ["US-style date", { RevenueClosedDate: "03/01/2024" }, "RevenueClosedDate", /must be yyyy-MM-dd/],
    ["February 29 of a common year", { RevenueClosedDate: "2023-02-29" }, "RevenueClosedDate", /not a real calendar date/],
    ["month 13", { RevenueClosedDate: "2024-13-01" }, "RevenueClosedDate", /not a real calendar date/],
    ["hour 24", { RevenueClosedDate: "2024-01-01T24:00:00" }, "RevenueClosedDate", /not a real time of day/],
    ["8 fraction digits", { RevenueClosedDate: "2024-01-01T10:00:00.12345678" }, "RevenueClosedDate", /must be yyyy-MM-dd/],
    ["an offset", { RevenueClosedDate: "2024-01-01T10:00:00+01:00" }, "RevenueClosedDate", /must be UTC/],
    ["a future date", { RevenueClosedDate: "2025-06-16" }, "RevenueClosedDate", /in the future/],
    ["a future LeadDate", { LeadDate: "2025-06-15T12:00:00.0000001" }, "LeadDate", /LeadDate .* in the future/],
    ["a malformed LeadDate", { LeadDate: "yesterday" }, "LeadDate", /LeadDate "yesterday" must be/],
    ["unknown currency", { CurrencyCode: "ABC" }, "CurrencyCode", /not an active ISO 4217/],
    ["missing currency", { CurrencyCode: "" }, "CurrencyCode", /CurrencyCode is required/],
    ["empty Value", { Value: "" }, "Value", /must not be empty/],
    ["Value not a number", { Value: "ten" }, "Value", /not a decimal number/],
    ["Value with a thousands separator", { Value: "1,234.50" }, "Value", /no thousands separators/],
    ["Value with more decimals than USD", { Value: "1.005" }, "Value", /more decimals than USD allows/],
    ["Value with decimals in JPY", { CurrencyCode: "JPY", Value: "10.5" }, "Value", /more decimals than JPY allows \(no decimals\)/],
    ["no visitor identifier", { EmailAddress: "  " }, null, /At least one visitor identifier/],
    ["missing Reference", { Reference: "" }, "Reference", /Reference is required/],
    [
      "AdditionalDataProperties without Name=",
      { AdditionalDataProperties: "Source=Google" },
      "AdditionalDataProperties",
      /entry 1 .* not Name=X,Value=Y/,
    ],
    [
      "AdditionalDataProperties with an empty name",
      { AdditionalDataProperties: "Name=A,Value=1;Name=,Value=2" },
      "AdditionalDataProperties",
      /entry 2 has an empty Name/,
    ],
    ["a Label over 1,024 characters", { Label: "x".repeat(1025) }, "Label", /^Label 1 is longer than 1024 characters$/],
    [
      "an EmailAddress over 1,024 characters",
      { EmailAddress: `${"x".repeat(1020)}@x.example` },
      "EmailAddress",
      /^EmailAddress is longer than 1024 characters$/,
    ],
    ["a Value over 1,024 characters (not echoed)", { Value: "9".repeat(2000) }, "Value", /^Value is longer than 1024 characters$/],
    [
      "AdditionalDataProperties over 16 KiB",
      { AdditionalDataProperties: `Name=A,Value=${"x".repeat(16_384)}` },
      "AdditionalDataProperties",
      /longer than 16384 characters/,
    ],
  ];

  it.each(cases)("%s → one error naming row 2, line 3 and the column", async (_, overrides, column, message) => {
    const errors = await errorsOfRow2(overrides);
    expect(errors).toEqual([{ rowNumber: 2, line: 3, column, message: expect.stringMatching(message) }]);
  });

  it("flags the second of two rows with the same Reference and RevenueClosedDate, naming the first", async () => {
    const outcome = invalid(
      await validate(csv([row(1, { Reference: "R-1" }), row(2), row(3, { Reference: "R-1", RevenueClosedDate: "2024-03-01T00:00:00" })])),
    );
    expect(outcome.errors).toEqual([
      {
        rowNumber: 3,
        line: 4,
        column: "Reference",
        message: "Duplicate row: the same Reference and RevenueClosedDate as row 1 (line 2)",
      },
    ]);
  });

  it("counts every duplicate of a file whose rows all share one key, listing the first 1,000 in row order", async () => {
    const outcome = invalid(await validate(csv(Array.from({ length: 3000 }, (_, i) => row(i + 1, { Reference: "SAME" })))));
    expect(outcome.errorCount).toBe(2999);
    expect(outcome.errors).toHaveLength(1000);
    expect(outcome.errors[0]).toEqual({
      rowNumber: 2,
      line: 3,
      column: "Reference",
      message: "Duplicate row: the same Reference and RevenueClosedDate as row 1 (line 2)",
    });
    expect(outcome.errors[999]).toMatchObject({ rowNumber: 1001, message: expect.stringMatching(/as row 1 \(line 2\)/) });
  });

  it("merges duplicates with the other errors in row order", async () => {
    const rows = [row(1), row(2, { Value: "x" }), row(3, { Reference: "REF-1" }), row(4, { CurrencyCode: "" })];
    expect(invalid(await validate(csv(rows))).errors.map((e) => [e.rowNumber, e.column])).toEqual([
      [2, "Value"],
      [3, "Reference"],
      [4, "CurrencyCode"],
    ]);
  });

  it("refuses a row with a different number of fields than the header", async () => {
    const text = csv([row(1)]) + "2024-01-01,USD,1\r\n";
    expect(invalid(await validate(text)).errors).toEqual([
      { rowNumber: 2, line: 3, column: null, message: "Row has 3 fields but the header has 12" },
    ]);
  });

  it("stops reading at a row wider than the header: the error names it, nothing after it is read", async () => {
    const text = csv([row(1), [...row(2), "extra"], row(3, { CurrencyCode: "XXX!" })]);
    expect(invalid(await validate(text)).errors).toEqual([
      { rowNumber: 2, line: 3, column: null, message: "Row has 13 fields but the header has 12; the file was not read past this row" },
    ]);
  });

  it("refuses a row of a million commas as soon as the extra comma arrives, not after the whole row", async () => {
    let sent = 0;
    const utf8 = new TextEncoder();
    const head = utf8.encode(csv([row(1)]));
    // The header and a row, then commas without end: the validator must answer without reading them all.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = sent === 0 ? head : utf8.encode(",".repeat(65_536));
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.error(new Error("read far past the wide row"));
        else controller.enqueue(chunk);
      },
    });
    const outcome = invalid(await validateRevenueCsv(body, limits));
    expect(outcome.errors).toEqual([
      { rowNumber: 2, line: 3, column: null, message: "Row has more fields than the header's 12; the file was not read past this row" },
    ]);
    expect(sent).toBeLessThan(256 * 1024);
  });

  it("refuses a row longer than 128 Ki characters as soon as it is that long", async () => {
    const outcome = invalid(await validate(csv([row(1), row(2, { Label: "x".repeat(200_000) })])));
    expect(outcome.errors).toEqual([
      {
        rowNumber: 2,
        line: 3,
        column: null,
        message: expect.stringMatching(/^The row starting on line 3 is longer than 131072 characters/),
      },
    ]);
  });
});

describe("revenue CSV validation: header and file errors", () => {
  it("names a missing required column with rowNumber null", async () => {
    const header = HEADER.filter((c) => c !== "Value");
    const outcome = invalid(await validate(csv([], header)));
    expect(outcome.errors).toEqual([{ rowNumber: null, line: 1, column: "Value", message: "Required column Value is missing" }]);
  });

  it("refuses unknown columns, with a hint when only the case differs", async () => {
    const outcome = invalid(await validate(csv([[...row(1), "x", "y"]], [...HEADER, "Notes", "currencycode"])));
    expect(outcome.errors).toEqual([
      { rowNumber: null, line: 1, column: "Notes", message: 'Unknown column "Notes"' },
      { rowNumber: null, line: 1, column: "currencycode", message: expect.stringMatching(/did you mean CurrencyCode\?/) },
    ]);
  });

  it("requires a Label column and at least one visitor identifier column", async () => {
    const header = ["RevenueClosedDate", "CurrencyCode", "Value", "Reference"];
    const outcome = invalid(await validate(csv([["2024-01-01", "USD", "1", "R"]], header)));
    expect(outcome.errors.map((e) => e.message)).toEqual([
      "Required column Label is missing",
      "At least one visitor identifier column is required: RaId, EmailAddress, PhoneNumber, PayloadValue",
    ]);
  });

  it("refuses a header of more than 100 columns", async () => {
    const header = [...HEADER, ...Array.from({ length: 100 }, () => "Label")];
    const outcome = invalid(await validate(csv([], header)));
    expect(outcome.errors).toEqual([
      { rowNumber: null, line: 1, column: null, message: expect.stringMatching(/^The header row has (112 columns, )?more than .*100/) },
    ]);
  });

  it("refuses a repeated column other than Label", async () => {
    const outcome = invalid(await validate(csv([[...row(1), "x"]], [...HEADER, "Reference"])));
    expect(outcome.errors).toEqual([
      { rowNumber: null, line: 1, column: "Reference", message: "Column Reference appears more than once (only Label may repeat)" },
    ]);
  });

  it("refuses an empty file and a file without data rows", async () => {
    expect(invalid(await validate("")).errors[0]?.message).toMatch(/empty: a header row is required/);
    expect(invalid(await validate(csv([]))).errors[0]?.message).toMatch(/no data rows/);
  });

  it("reports a CSV syntax error with the row and line it starts on", async () => {
    const text = csv([row(1)]) + '2024-01-01,USD,"1\r\n';
    expect(invalid(await validate(text)).errors).toEqual([
      { rowNumber: 2, line: 3, column: null, message: expect.stringMatching(/never closed/) },
    ]);
  });

  it("keeps line numbers right after quoted fields holding newlines", async () => {
    const text = csv([
      row(1, { Label: "Deal\r\nwith a\r\nlong note" }),
      row(2, { AdditionalDataProperties: "Name=Note,Value=a\nb" }),
      row(3, { Value: "oops" }),
    ]);
    expect(invalid(await validate(text)).errors).toEqual([
      { rowNumber: 3, line: 7, column: "Value", message: expect.stringMatching(/not a decimal number/) },
    ]);
  });

  it("lists 1,000 errors and counts them all", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => row(i + 1, { CurrencyCode: "XYZ", Value: "x" }));
    const outcome = invalid(await validate(csv(rows)));
    expect(outcome.errorCount).toBe(3000);
    expect(outcome.errors).toHaveLength(1000);
    expect(outcome.errors[999]).toMatchObject({ rowNumber: 500, line: 501 });
  });
});

describe("revenue CSV validation: size limits", () => {
  it("stops at the byte limit and names it", async () => {
    const outcome = await validate(validCsv(200), { maxBytes: 10_000 });
    expect(outcome).toEqual({ ok: false, reason: "too_large", message: "The file is larger than the limit of 10000 bytes" });
  });

  it("stops at the row limit and names it", async () => {
    const outcome = await validate(validCsv(11), { maxRows: 10 });
    expect(outcome).toEqual({ ok: false, reason: "too_large", message: "The file has more than the limit of 10 data rows" });
  });
});
