import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readAccountFile } from "../../src/formats/account-file";
import { DATE_STYLES_XML, sharedStringsXml, sheetXml, utf8, xlsxPackage } from "./support/xlsx-builder";

const SHEET_PATH = "xl/worksheets/first.xml";
const RECORD_SHEET = sheetXml([["Acme", { n: 12000 }, "2016-01-01", "2016-12-31", "ARR"]]);

/** The single file-level error of a refused file (readAccountFile must return, never throw). */
function refusal(bytes: Uint8Array, filename: string): string | undefined {
  const r = readAccountFile({ bytes, filename, currency: "USD" });
  expect(r.ok).toBe(false);
  if (r.ok) return undefined;
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatchObject({ record: null, field: "file" });
  return r.errors[0]?.message;
}

/** Sets the declared uncompressed size of `name` in the zip's central directory. */
function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const target = strToU8(name);
  for (let p = 0; p + 46 < out.length; p++) {
    if (view.getUint32(p, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(p + 28, true);
    const entryName = out.subarray(p + 46, p + 46 + nameLength);
    if (entryName.length === target.length && entryName.every((b, i) => b === target[i])) {
      view.setUint32(p + 24, size, true);
      return out;
    }
  }
  throw new Error(`no ${name} in zip`);
}

/** A sheet padded with whitespace (valid XML) to `bytes`, compressing to almost nothing. */
function paddedSheet(bytes: number): string {
  return RECORD_SHEET.replace("<sheetData>", `<sheetData>${" ".repeat(bytes)}`);
}

describe("account files: zip bombs", () => {
  it("is sane: the unpadded package is accepted", () => {
    expect(readAccountFile({ bytes: xlsxPackage({ sheet: RECORD_SHEET }), filename: "a.xlsx", currency: "USD" }).ok).toBe(true);
  });

  it("refuses a part whose declared size is over the cap, before inflating it", () => {
    const bomb = xlsxPackage({ sheet: paddedSheet(20 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(refusal(bomb, "bomb.xlsx")).toBe(`The XLSX file is refused: its part ${SHEET_PATH} unpacks to more than 8 MiB.`);
  });

  it("refuses a part that unpacks to more than its directory declares, while inflating", () => {
    const liar = patchDeclaredSize(xlsxPackage({ sheet: paddedSheet(20 * 1024 * 1024) }), SHEET_PATH, 4096);
    expect(refusal(liar, "liar.xlsx")).toBe(`The XLSX file is refused: its part ${SHEET_PATH} unpacks to more than its declared size.`);
  });

  it("refuses parts that are each under the cap but add up to too much", () => {
    const pad = (xml: string, n: number) => xml.replace("?>", `?>${" ".repeat(n)}`);
    const sixMiB = 6 * 1024 * 1024;
    const bytes = xlsxPackage({
      sheet: paddedSheet(sixMiB),
      styles: pad(DATE_STYLES_XML, sixMiB),
      sharedStrings: pad(sharedStringsXml(["a"]), sixMiB),
    });
    expect(refusal(bytes, "many.xlsx")).toBe("The XLSX file is refused: its parts unpack to more than 16 MiB in all.");
  });

  it("refuses a zip with more entries than a workbook has", () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1001; i++) files[`junk/${i}.xml`] = strToU8("<a/>");
    expect(refusal(zipSync(files), "many.xlsx")).toContain("more than 1000 entries");
  });

  it("refuses an encrypted entry", () => {
    const zip = xlsxPackage({ sheet: RECORD_SHEET });
    const view = new DataView(zip.buffer);
    for (let p = 0; p + 4 < zip.length; p++) if (view.getUint32(p, true) === 0x02014b50) view.setUint16(p + 8, 1, true);
    expect(refusal(zip, "locked.xlsx")).toContain("encrypted");
  });

  it("refuses damaged deflate data", () => {
    const zip = xlsxPackage({ sheet: paddedSheet(200_000) });
    const damaged = zip.slice();
    // Overwrite the middle of the archive (inside compressed data) with garbage.
    for (let i = 200; i < 400; i++) damaged[i] = 0xff;
    const message = refusal(damaged, "damaged.xlsx");
    expect(message).toMatch(/not a readable workbook|not well-formed|declared size/);
  });
});

describe("account files: hostile XML", () => {
  const laughs =
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("") +
    `]><rows><row><a>&lol9;</a><b>1</b><c>2016-01-01</c><d>2016-01-31</d><e>MRR</e></row></rows>`;

  it("refuses entity expansion (billion laughs) in a record file", () => {
    expect(refusal(utf8(laughs), "laughs.xml")).toBe(
      "The XML file contains a DOCTYPE declaration, which is not accepted (it can define entities).",
    );
  });

  it("refuses external entities (XXE)", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><a>&x;</a><b>1</b><c>2016-01-01</c><d>2016-01-31</d><e>MRR</e></r>`;
    expect(refusal(utf8(xxe), "xxe.xml")).toContain("DOCTYPE");
  });

  it("refuses an undeclared entity rather than passing it through", () => {
    expect(refusal(utf8(`<r><a>&lol;</a><b>1</b><c>2016-01-01</c><d>2016-01-31</d><e>MRR</e></r>`), "x.xml")).toContain(
      "not well-formed XML",
    );
  });

  it("refuses entity expansion inside an XLSX part", () => {
    const sst = laughs.replace(/<rows>.*<\/rows>/, `<sst><si><t>&lol9;</t></si></sst>`);
    const bytes = xlsxPackage({ sheet: sheetXml([[{ shared: 0 }, { n: 1 }, "2016-01-01", "2016-01-31", "MRR"]]), sharedStrings: sst });
    expect(refusal(bytes, "laughs.xlsx")).toBe(
      "The workbook part xl/sharedStrings.xml contains a DOCTYPE declaration, which is not accepted (it can define entities).",
    );
  });

  it("refuses deeply nested XML while reading it", () => {
    const depth = 200_000;
    const deep = `${"<a>".repeat(depth)}x${"</a>".repeat(depth)}`;
    expect(deep.length).toBeLessThan(2 * 1024 * 1024);
    expect(refusal(utf8(deep), "deep.xml")).toBe("The XML file nests elements more than 32 levels deep.");
  });

  it("refuses a huge shared-string table", () => {
    const strings = Array.from({ length: 60_000 }, (_, i) => `s${i}`);
    const bytes = xlsxPackage({ sheet: RECORD_SHEET, sharedStrings: sharedStringsXml(strings) });
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    expect(refusal(bytes, "strings.xlsx")).toBe("The XLSX file is refused: its shared-string table has more than 50,000 entries.");
  });

  it("stops reading a sheet with far too many rows", () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [`A${i}`]);
    expect(refusal(xlsxPackage({ sheet: sheetXml(rows) }), "rows.xlsx")).toBe("The file has more than 1,000 records.");
  });

  it("refuses a huge field", () => {
    expect(refusal(utf8(`${"A".repeat(20_000)},1,2016-01-01,2016-01-31,MRR\n`), "big.csv")).toContain("longer than 10000 characters");
    expect(refusal(utf8(`<r><a>${"A".repeat(20_000)}</a></r>`), "big.xml")).toContain("longer than 10000 characters");
  });

  it("refuses a cell reference far outside the sheet", () => {
    const sheet = RECORD_SHEET.replace('r="A1"', 'r="ZZZZZZZZZZZZZZZZZZZZ1"');
    expect(refusal(xlsxPackage({ sheet }), "wide.xlsx")).toContain("cell reference out of range");
  });
});
