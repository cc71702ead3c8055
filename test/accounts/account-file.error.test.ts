import { describe, expect, it } from "vitest";
import { readAccountFile } from "../../src/formats/account-file";
import { MAX_FILE_BYTES } from "../../src/formats/account-file/limits";
import { utf8 } from "./support/xlsx-builder";

const read = (text: string | Uint8Array, filename = "records.csv", currency = "USD") =>
  readAccountFile({ bytes: typeof text === "string" ? utf8(text) : text, filename, currency });

/** The errors of a refused file (fails the test if it was accepted). */
function errorsOf(text: string | Uint8Array, filename?: string) {
  const r = read(text, filename);
  if (r.ok) throw new Error("expected the file to be refused");
  return r.errors;
}

const GOOD = "Acme,12000,2016-01-01,2016-12-31,ARR,Licence";

describe("account files: amounts", () => {
  it("refuses 1,234.12 and says to send 1234", () => {
    expect(errorsOf(`Acme,"1,234.12",2016-01-01,2016-12-31,ARR\n`)).toEqual([
      {
        record: 1,
        field: "amount",
        message:
          "The revenue amount 1,234.12 is not a whole number: send it without thousands separators or decimals (send 1234 for 1,234.12).",
      },
    ]);
  });

  it("refuses decimals and separators in either convention, with the whole number to send", () => {
    const cases: [string, string][] = [
      ["1234.5", "send 1234 for 1234.5"],
      ["1.234,12", "send 1234 for 1.234,12"],
      ["1,234,567", "send 1234567 for 1,234,567"],
      ["12 000", "send 12000 for 12 000"],
      ["12000.00", "send 12000 for 12000.00"],
    ];
    for (const [amount, hint] of cases) {
      const [e] = errorsOf(`Acme;${amount};2016-01-01;2016-12-31;ARR\n`);
      expect(e?.field).toBe("amount");
      expect(e?.message).toContain(hint);
    }
    // A lone separator before three digits could be either; the message gives the rule instead.
    expect(errorsOf(`Acme;1.234;2016-01-01;2016-12-31;ARR\n`)[0]?.message).toContain("for example, 1,234.12 must be sent as 1234");
  });

  it("checks a first row with a bad amount but real dates as a record, not as a header", () => {
    expect(errorsOf("Acme,$12000,2016-01-01,2016-12-31,ARR\nGlobex,1,2016-01-01,2016-12-31,ARR\n")).toEqual([
      { record: 1, field: "amount", message: 'The revenue amount "$12000" is not a number.' },
    ]);
  });

  it("refuses a missing, negative or non-numeric amount", () => {
    const errors = errorsOf(
      [
        GOOD,
        "Acme,,2016-01-01,2016-12-31,ARR",
        "Acme,-5,2016-01-01,2016-12-31,ARR",
        "Acme,$5,2016-01-01,2016-12-31,ARR",
        "Acme,12k,2016-01-01,2016-12-31,ARR",
      ].join("\n"),
    );
    expect(errors.map((e) => [e.record, e.field])).toEqual([
      [2, "amount"],
      [3, "amount"],
      [4, "amount"],
      [5, "amount"],
    ]);
    expect(errors[0]?.message).toBe("The revenue amount is required.");
    expect(errors[1]?.message).toContain("negative");
    expect(errors[2]?.message).toContain("is not a number");
  });

  it("refuses an amount too large to schedule exactly", () => {
    expect(errorsOf("Acme,99999999999999999,2016-01-01,2016-12-31,MRR\n")[0]).toMatchObject({ field: "amount" });
    expect(errorsOf("Acme,9000000000000,2016-01-01,2025-12-31,MRR\n")[0]?.message).toContain("too large");
  });
});

describe("account files: dates", () => {
  it("refuses an end date before the start date", () => {
    expect(errorsOf("Acme,1,2016-12-31,2016-01-01,ARR\n")).toEqual([
      { record: 1, field: "end_date", message: "The end date 2016-01-01 is before the start date 2016-12-31." },
    ]);
  });

  it("refuses a DD-MM-YYYY date that also reads as MM-DD-YYYY, spelling out both readings", () => {
    expect(errorsOf("Acme,1,01-06-2016,31-12-2016,ARR\n")).toEqual([
      {
        record: 1,
        field: "start_date",
        message: "The start date 01-06-2016 is ambiguous (1 June or January 6, 2016); write it as YYYY-MM-DD, e.g. 2016-06-01.",
      },
    ]);
  });

  it("refuses impossible dates, US month-first dates, slashes and other formats", () => {
    const errors = errorsOf(
      [
        "A,1,2016-02-30,2016-12-31,ARR",
        "A,1,2016-01-01,12-31-2016,ARR",
        "A,1,2016/01/01,2016-12-31,ARR",
        "A,1,January 1 2016,2016-12-31,ARR",
        "A,1,,2016-12-31,ARR",
        "A,1,2016-01-01,,ARR",
      ].join("\n"),
    );
    expect(errors.map((e) => [e.record, e.field])).toEqual([
      [1, "start_date"],
      [2, "end_date"],
      [3, "start_date"],
      [4, "start_date"],
      [5, "start_date"],
      [6, "end_date"],
    ]);
    expect(errors[0]?.message).toBe("The start date 2016-02-30 is not a real date.");
    expect(errors[2]?.message).toContain("write it as YYYY-MM-DD");
    expect(errors[4]?.message).toBe("The start date is required.");
  });

  it("refuses a period longer than ten years", () => {
    expect(errorsOf("A,1,2016-01-01,2026-01-31,MRR\n")[0]).toMatchObject({
      field: "end_date",
      message: expect.stringContaining("121 months"),
    });
  });
});

describe("account files: types, accounts and fields", () => {
  it("refuses an unknown or missing revenue type", () => {
    const errors = errorsOf("A,1,2016-01-01,2016-12-31,Annual\nB,1,2016-01-01,2016-12-31,\n");
    expect(errors).toEqual([
      { record: 1, field: "type", message: 'The revenue type "Annual" is not one of ARR, MRR, One Time, Other.' },
      { record: 2, field: "type", message: "The revenue type is required (ARR, MRR, One Time or Other)." },
    ]);
  });

  it("refuses a missing account name, and one that is too long", () => {
    const errors = errorsOf(`  ,1,2016-01-01,2016-12-31,ARR\n${"x".repeat(256)},1,2016-01-01,2016-12-31,ARR\n`);
    expect(errors.map((e) => [e.record, e.field])).toEqual([
      [1, "account"],
      [2, "account"],
    ]);
  });

  it("refuses a record with more than six fields", () => {
    expect(errorsOf(`${GOOD},extra\n`)).toEqual([{ record: 1, field: "record", message: expect.stringContaining("more than 6 fields") }]);
  });

  it("reports every problem of every record, numbered after the header", () => {
    const errors = errorsOf(["Account,Amount,Start,End,Type", GOOD, "Acme,1.5,2016-13-01,2016-01-01,Weekly", GOOD].join("\n"));
    expect(errors.map((e) => [e.record, e.field])).toEqual([
      [2, "amount"],
      [2, "start_date"],
      [2, "type"],
    ]);
  });

  it("refuses the whole file when any record is bad (all-or-nothing)", () => {
    const r = read([GOOD, GOOD, "Acme,x,2016-01-01,2016-12-31,ARR"].join("\n"));
    expect(r.ok).toBe(false);
    expect("records" in r).toBe(false);
  });
});

describe("account files: the file as a whole", () => {
  const fileError = (text: string | Uint8Array, filename?: string) => {
    const errors = errorsOf(text, filename);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ record: null, field: "file" });
    return errors[0]?.message;
  };

  it("refuses more than 1,000 records", () => {
    const lines = Array.from({ length: 1001 }, (_, i) => `Account ${i},1,2016-01-01,2016-12-31,ARR`);
    expect(fileError(lines.join("\n"))).toBe("The file has more than 1,000 records.");
    expect(fileError(lines.concat(lines).join("\n"))).toBe("The file has more than 1,000 records.");
  });

  it("refuses a file over 2 MiB", () => {
    expect(fileError(new Uint8Array(MAX_FILE_BYTES + 1).fill(0x41))).toContain("larger than 2 MiB");
  });

  it("refuses an empty file, and one with only a header", () => {
    expect(fileError("")).toBe("The file is empty.");
    expect(fileError("Account,Amount,Start,End,Type\n\n")).toBe(
      'The file has no records (its only row was read as a header, because its amount "Amount" is not a number).',
    );
    expect(fileError("\n\n\n")).toBe("The file has no records.");
  });

  it("refuses JSON and the binary Excel 97-2003 format", () => {
    expect(fileError('[{"account":"Acme"}]', "records.json")).toContain("JSON files are not accepted");
    expect(fileError('{"account":"Acme"}', "records.txt")).toContain("JSON files are not accepted");
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(fileError(ole, "records.xls")).toContain("Excel 97-2003");
  });

  it("refuses a file whose name and content disagree", () => {
    expect(fileError(`${GOOD}\n`, "records.xlsx")).toBe(
      "The file is named .xlsx but its content is CSV; send it with a matching extension.",
    );
    expect(fileError(`<a><b>${GOOD}</b></a>`, "records.csv")).toContain("its content is XML");
  });

  it("refuses text that is not UTF-8", () => {
    const latin1 = new Uint8Array([...utf8("Soci"), 0xe9, ...utf8("t\u00e9,1,2016-01-01,2016-12-31,ARR\n")]);
    expect(fileError(latin1)).toContain("not valid UTF-8");
  });

  it("refuses a CSV with a quote that is never closed", () => {
    expect(fileError(`${GOOD}\n"Acme,1,2016-01-01,2016-12-31,ARR\n`)).toBe("A quoted field opened on line 2 is never closed.");
  });

  it("refuses malformed XML with its position", () => {
    expect(fileError("<rows><row><a>Acme</a><b>1</row></rows>", "r.xml")).toMatch(/not well-formed XML: .*\d+:\d+/);
  });

  it("refuses a damaged XLSX", () => {
    const zipHead = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fileError(zipHead, "r.xlsx")).toContain("not a readable workbook");
  });
});
