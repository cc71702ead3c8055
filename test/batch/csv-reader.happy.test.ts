import { describe, expect, it } from "vitest";
import { type CsvRecord, CsvRecordReader, collectRecords } from "../../src/formats/revenue-csv/read-rows";

const utf8 = new TextEncoder();

/**
 * Reads `text` fed in pieces cut at `cuts` (byte offsets), as a network stream would.
 * `minParseChars` 1 parses at every piece, and every unfinished record is followed by the
 * incremental tail scanner rather than found at the end.
 */
function read(input: string | Uint8Array, cuts: number[] = [], minParseChars?: number): CsvRecord[] {
  const bytes = typeof input === "string" ? utf8.encode(input) : input;
  const reader = new CsvRecordReader({ minParseChars, tailScanMinChars: minParseChars ? 0 : undefined });
  const out: CsvRecord[] = [];
  const push = collectRecords(out);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    expect(reader.write(bytes.subarray(at, cut), push)).toBeNull();
    at = cut;
  }
  expect(reader.end(push)).toBeNull();
  return out;
}

const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

describe("CSV record reader (RFC 4180)", () => {
  it("reads quoted fields with embedded commas, quotes and newlines", () => {
    const text = 'a,b,c\r\n"x,1","say ""hi""","two\r\nlines"\r\nplain,,end\r\n';
    expect(fields(read(text))).toEqual([
      ["a", "b", "c"],
      ["x,1", 'say "hi"', "two\r\nlines"],
      ["plain", "", "end"],
    ]);
  });

  it("accepts LF, CRLF and a mix of both, and a last line without a line end", () => {
    expect(fields(read("a,b\nc,d\n"))).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(fields(read("a,b\r\nc,d\r\n"))).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(fields(read("a,b\r\nc,d\ne,f"))).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
    expect(fields(read('a,"b"\r\n"c","d"'))).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("skips a UTF-8 BOM and counts its bytes", () => {
    const records = read("\uFEFFa,b\r\nc,d\r\n");
    expect(fields(records)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(records[0]!.byteStart).toBe(3);
  });

  it("does not turn a trailing empty line (or blank lines) into rows", () => {
    expect(fields(read("a,b\r\n1,2\r\n\r\n"))).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields(read("a,b\n\n1,2\n"))).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    // A quoted empty field is a value, not a blank line.
    expect(fields(read('a\n""\n'))).toEqual([["a"], [""]]);
  });

  it("follows papaparse's edge cases the same way when records arrive byte by byte", () => {
    // Spaces (even a CR) after a closing quote, quotes inside unquoted fields, "" at a cut.
    const text = '"a"  ,b\n"c" \r\nab"c,d"\n"x""y","",z\n"""",q\n';
    const everyByte = Array.from({ length: utf8.encode(text).length }, (_, i) => i);
    expect(fields(read(text, everyByte, 1))).toEqual(fields(read(text)));
    expect(fields(read(text))).toEqual([["a", "b"], ["c"], ['ab"c', 'd"'], ['x"y', "", "z"], ['"', "q"]]);
  });

  it("gives the physical line each record starts on, past quoted newlines", () => {
    const text = 'h1,h2\n"multi\nline\nvalue",x\n\nnext,y\n"a\r\nb",z\n';
    const records = read(text);
    expect(records.map((r) => [r.fields[0], r.line])).toEqual([
      ["h1", 1],
      ["multi\nline\nvalue", 2],
      ["next", 6],
      ["a\r\nb", 7],
    ]);
  });

  it("gives exact byte ranges, multi-byte characters included", () => {
    const text = 'name,city\r\nZoë,Köln\r\n"日本, 東京",🎉\r\nlast,row';
    const bytes = utf8.encode(text);
    const records = read(bytes);
    const decoder = new TextDecoder();
    expect(records.map((r) => decoder.decode(bytes.subarray(r.byteStart, r.byteEnd)))).toEqual([
      "name,city\r\n",
      "Zoë,Köln\r\n",
      '"日本, 東京",🎉\r\n',
      "last,row",
    ]);
  });

  it.each([
    ["parsed in large slices", undefined],
    ["parsed at every piece, unfinished records followed incrementally", 1],
  ])("reads the same records wherever the byte stream is cut (property test, %s)", (_how, minParseChars) => {
    let seed = 12345;
    const rnd = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ["a", "b", "Z", "9", " ", ",", '"', "\n", "\r\n", "é", "€", "🎉", "="];
    const field = () => {
      let s = "";
      const n = Math.floor(rnd() * 6);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      return s;
    };
    const quote = (s: string) => (/[",\r\n]/.test(s) || (s === "" && rnd() < 0.3) ? `"${s.replaceAll('"', '""')}"` : s);
    for (let trial = 0; trial < 150; trial++) {
      const width = 1 + Math.floor(rnd() * 4);
      const rows: string[][] = [];
      const count = 1 + Math.floor(rnd() * 12);
      for (let r = 0; r < count; r++) {
        const row = Array.from({ length: width }, field);
        if (width === 1 && row[0] === "") row[0] = "x"; // a lone empty field is a blank line
        rows.push(row);
      }
      let text = rnd() < 0.3 ? "\uFEFF" : "";
      const expectedLines: number[] = [];
      let line = 1;
      rows.forEach((row, i) => {
        expectedLines.push(line);
        const body = row.map(quote).join(",");
        const end = i === rows.length - 1 && rnd() < 0.3 ? "" : rnd() < 0.5 ? "\r\n" : "\n";
        text += body + end;
        line += (body + end).split("\n").length - 1;
      });
      const bytes = utf8.encode(text);
      const cuts = Array.from({ length: Math.floor(rnd() * (minParseChars ? 40 : 6)) }, () => Math.floor(rnd() * bytes.length)).sort(
        (a, b) => a - b,
      );
      const records = read(bytes, cuts, minParseChars);
      expect(fields(records), text).toEqual(rows);
      expect(records.map((r) => r.line)).toEqual(expectedLines);
      // Byte ranges tile the file (after the BOM) and re-read to the same record.
      for (let i = 1; i < records.length; i++) expect(records[i]!.byteStart).toBe(records[i - 1]!.byteEnd);
      expect(records[records.length - 1]!.byteEnd).toBe(bytes.length);
      for (const r of records) {
        const again = new CsvRecordReader({ allowBom: false, firstLine: r.line, byteOffset: r.byteStart });
        const got: CsvRecord[] = [];
        again.write(bytes.subarray(r.byteStart, r.byteEnd), collectRecords(got));
        again.end(collectRecords(got));
        expect(got).toEqual([r]);
      }
    }
  });
});
