import { describe, expect, it } from "vitest";
import { type AccountFileResult, readAccountFile } from "../../src/formats/account-file";
import { revenueSchedule } from "../../src/formats/revenue-schedule";
import { formatMinorUnits } from "../../src/money";
import { noHeaderXlsx, withHeaderXlsx } from "./fixtures/xlsx-fixtures";
import { DATE_STYLES_XML, fromBase64, sharedStringsXml, sheetXml, utf8, xlsxPackage } from "./support/xlsx-builder";

// The records of fixtures/records.csv, written out per format.
const ROWS = [
  ["Acme", "12000", "2016-01-01", "2016-12-31", "ARR", "Annual licence"],
  ["ACME", "12000", "2016-01-01", "2016-12-31", "MRR", "Support"],
  ["Globex", "12000", "2016-01-01", "2016-06-30", "Other", "Consulting"],
  ["Initech", "5000", "2016-03-15", "2016-03-15", "One Time", "Setup fee"],
  ["Umbrella", "1000", "2016-01-01", "2016-07-31", "ARR", ""],
  ["Hooli", "100", "2016-01-01", "2016-03-31", "other", 'Split, "uneven"'],
];
const HEADER = ["Account", "Revenue", "Start date", "End date", "Type", "Description"];

function csv(rows: string[][], sep: "," | ";", eol = "\n"): string {
  const quote = (f: string) => (/[",;\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(quote).join(sep)).join(eol) + eol;
}

function xml(rows: string[][]): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  // Element names deliberately unhelpful: only the order of the children counts.
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<revenue>\n` +
    rows.map((r) => `  <row>${r.map((f, i) => `<f${i}>${esc(f)}</f${i}>`).join("")}</row>\n`).join("") +
    `</revenue>\n`
  );
}

/** What a client ends up with: each record's account, type and monthly schedule. */
function schedules(result: AccountFileResult) {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.records.map((r) => ({
    account: r.account,
    type: r.type,
    description: r.description,
    months: revenueSchedule(r).map((m) => `${m.month} ${formatMinorUnits(m.amountMinor, "USD")}`),
  }));
}

const read = (bytes: Uint8Array, filename: string) => readAccountFile({ bytes, filename, currency: "USD" });

describe("account files: the same records in every format give the same schedules", () => {
  const expected = schedules(read(utf8(csv([HEADER, ...ROWS], ",")), "records.csv"));

  it("reads the records as written", () => {
    expect(expected).toHaveLength(6);
    expect(expected[0]).toMatchObject({ account: "Acme", type: "ARR", description: "Annual licence" });
    expect(expected[0]?.months).toHaveLength(12);
    expect(expected[0]?.months[0]).toBe("2016-01 1000.00");
    expect(expected[2]?.months).toEqual([
      "2016-01 2000.00",
      "2016-02 2000.00",
      "2016-03 2000.00",
      "2016-04 2000.00",
      "2016-05 2000.00",
      "2016-06 2000.00",
    ]);
    expect(expected[3]?.months).toEqual(["2016-03 5000.00"]);
    expect(expected[4]?.months).toHaveLength(7);
    expect(expected[5]).toMatchObject({
      type: "Other",
      description: 'Split, "uneven"',
      months: ["2016-01 33.33", "2016-02 33.33", "2016-03 33.34"],
    });
  });

  const variants: [string, () => AccountFileResult][] = [
    ["CSV, comma, no header", () => read(utf8(csv(ROWS, ",")), "records.csv")],
    ["CSV, semicolon, header", () => read(utf8(csv([HEADER, ...ROWS], ";")), "records.csv")],
    ["CSV, semicolon, no header, CRLF, BOM", () => read(utf8(`\ufeff${csv(ROWS, ";", "\r\n")}`), "records.csv")],
    ["CSV, no file name", () => read(utf8(csv([HEADER, ...ROWS], ",")), "")],
    ["XLSX by LibreOffice, header, date cells", () => read(fromBase64(withHeaderXlsx), "records.xlsx")],
    ["XLSX by LibreOffice, no header", () => read(fromBase64(noHeaderXlsx), "records.xlsx")],
    ["XML, header", () => read(utf8(xml([HEADER, ...ROWS])), "records.xml")],
    ["XML, no header", () => read(utf8(xml(ROWS)), "records.xml")],
  ];
  for (const [name, load] of variants) {
    it(name, () => {
      expect(schedules(load())).toEqual(expected);
    });
  }

  it("XLSX with shared strings, typed number cells, date cells of custom and built-in formats", () => {
    const strings = ["Account", "Amount", ...ROWS.flatMap((r) => [r[0] ?? "", r[4] ?? "", r[5] ?? ""])];
    const idx = (s: string) => strings.indexOf(s);
    const serial = (iso: string) => (Date.parse(iso) - Date.UTC(1899, 11, 30)) / 86_400_000;
    const sheet = sheetXml([
      [{ shared: 0 }, { shared: 1 }, "Start", "End", "Type"],
      ...ROWS.map((r, i) => [
        { shared: idx(r[0] ?? "") },
        { n: r[1] ?? "" },
        { n: serial(r[2] ?? ""), s: i % 2 ? 1 : 2 },
        // Time of day in a date cell is dropped.
        { n: serial(r[3] ?? "") + 0.75, s: 1 },
        { shared: idx(r[4] ?? "") },
        r[5] ? { shared: idx(r[5]) } : null,
      ]),
    ]);
    const bytes = xlsxPackage({ sheet, sharedStrings: sharedStringsXml(strings), styles: DATE_STYLES_XML });
    expect(schedules(read(bytes, "records.xlsx"))).toEqual(expected);
  });

  it("XLSX in the 1904 date system, with ISO date cells and text dates", () => {
    const serial1904 = (iso: string) => (Date.parse(iso) - Date.UTC(1904, 0, 1)) / 86_400_000;
    const sheet = sheetXml(
      ROWS.map((r, i) => [
        r[0] ?? "",
        { n: r[1] ?? "" },
        i % 2 ? { n: serial1904(r[2] ?? ""), s: 2 } : { iso: `${r[2]}T00:00:00` },
        r[3] ?? "",
        r[4] ?? "",
        r[5] ? r[5] : null,
      ]),
    );
    const bytes = xlsxPackage({ sheet, styles: DATE_STYLES_XML, date1904: true });
    expect(schedules(read(bytes, "records.xlsx"))).toEqual(expected);
  });
});

describe("account files: record rules that accept", () => {
  const one = (line: string) => read(utf8(line), "r.csv");

  it("accepts unambiguous DD-MM-YYYY dates as in the original API's examples", () => {
    const r = one("Acme,12000,01-01-2016,31-12-2016,ARR\nGlobex,12000,01-01-2016,30-06-2016,Other\n");
    expect(r.ok && r.records.map((x) => [x.start, x.end])).toEqual([
      ["2016-01-01", "2016-12-31"],
      ["2016-01-01", "2016-06-30"],
    ]);
  });

  it("reads revenue types case-insensitively", () => {
    const r = one(
      "A,1,2016-01-01,2016-01-31,arr\nB,1,2016-01-01,2016-01-31,mRr\nC,1,2016-01-01,2016-01-31,ONE TIME\nD,1,2016-01-01,2016-01-31,one-time\nE,1,2016-01-01,2016-01-31,OTHER\n",
    );
    expect(r.ok && r.records.map((x) => x.type)).toEqual(["ARR", "MRR", "One Time", "One Time", "Other"]);
  });

  it("keeps the description optional and trims fields", () => {
    const r = one(" Acme , 12000 ,2016-01-01,2016-12-31, ARR \n");
    expect(r.ok && r.records[0]).toMatchObject({ account: "Acme", amountMinor: 1_200_000, description: null });
  });

  it("treats the first row as a header only when its amount is not a number", () => {
    const withHeader = one("Name,Revenue,From,To,Kind\nAcme,1,2016-01-01,2016-01-31,MRR\n");
    expect(withHeader.ok && withHeader.records.length).toBe(1);
    const noHeader = one("Acme,1,2016-01-01,2016-01-31,MRR\nGlobex,2,2016-01-01,2016-01-31,MRR\n");
    expect(noHeader.ok && noHeader.records.map((x) => x.record)).toEqual([1, 2]);
  });

  it("uses the site currency's exponent for amounts", () => {
    const jpy = readAccountFile({ bytes: utf8("Acme,12000,2016-01-01,2016-12-31,ARR\n"), filename: "r.csv", currency: "JPY" });
    expect(jpy.ok && jpy.records[0]?.amountMinor).toBe(12_000);
    const bhd = readAccountFile({ bytes: utf8("Acme,12000,2016-01-01,2016-12-31,ARR\n"), filename: "r.csv", currency: "BHD" });
    expect(bhd.ok && bhd.records[0]?.amountMinor).toBe(12_000_000);
  });

  it("accepts exactly 1,000 records with a header", () => {
    const lines = [
      "Account,Amount,Start,End,Type",
      ...Array.from({ length: 1000 }, (_, i) => `Account ${i},${i},2016-01-01,2018-12-31,ARR`),
    ];
    const r = one(lines.join("\n"));
    expect(r.ok && r.records.length).toBe(1000);
  });

  it("reads XML with any wrapping: a lone record as the root, records nested next to other data", () => {
    const lone = read(utf8(`<r><a>Acme</a><b>10</b><c>2016-01-01</c><d>2016-01-31</d><e>MRR</e></r>`), "a.xml");
    expect(lone.ok && lone.records[0]).toMatchObject({ account: "Acme", amountMinor: 1000 });
    const nested = read(
      utf8(
        `<?xml version="1.0"?><export><generated>today</generated><list>` +
          `<item id="1"><n><![CDATA[AT&T]]></n><v>10</v><s>2016-01-01</s><e>2016-01-31</e><t>MRR</t><d/></item>` +
          `<item><n>Tom &amp; Co</n><v>20</v><s>2016-01-01</s><e>2016-01-31</e><t>MRR</t><d>&#x263A;</d></item>` +
          `</list></export>`,
      ),
      "a.xml",
    );
    // <export> mixes a text-only child with a list, so it is not a record; attributes are ignored.
    expect(nested.ok && nested.records.map((r) => [r.account, r.amountMinor, r.description])).toEqual([
      ["AT&T", 1000, null],
      ["Tom & Co", 2000, "☺"],
    ]);
  });
});
