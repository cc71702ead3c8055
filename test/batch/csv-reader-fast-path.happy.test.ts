// The reader splits plain rows itself and hands everything else to papaparse (read-rows.ts).
// Property: on any text, cut anywhere, it gives exactly the records (fields, lines, byte
// ranges) and the errors that papaparse alone gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CsvRecord, CsvRecordReader, collectRecords } from "../../src/formats/revenue-csv/read-rows";

const utf8 = new TextEncoder();

function read(bytes: Uint8Array, cuts: number[], options: { fast: boolean; minParseChars: number; tail: number; fieldLimit: number }) {
  const reader = new CsvRecordReader({
    minParseChars: options.minParseChars,
    tailScanMinChars: options.tail,
    maxRecordChars: 1000,
    plainRowsFastPath: options.fast,
  });
  if (options.fieldLimit > 0) reader.setFieldLimit(options.fieldLimit, "too wide");
  const records: CsvRecord[] = [];
  const sink = collectRecords(records);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    const error = reader.write(bytes.subarray(at, cut), sink);
    at = cut;
    if (error) return { records, error };
  }
  return { records, error: reader.end(sink) };
}

const pieces = ["a", "b", "é", ",", ",", '"', '"', '""', "\n", "\n", "\r\n", "\r", " ", "\t"];

describe("CSV reader: plain rows without papaparse", () => {
  it("gives the records and errors papaparse alone gives, however the text is cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.record({ minParseChars: fc.nat(12), tail: fc.constantFrom(0, 4096), fieldLimit: fc.nat(4) }),
        (parts, rawCuts, options) => {
          const bytes = utf8.encode(parts.join(""));
          const cuts = rawCuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
          expect(read(bytes, cuts, { ...options, fast: true })).toEqual(read(bytes, cuts, { ...options, fast: false }));
        },
      ),
      { numRuns: 3000, seed: 20261202 },
    );
  });

  it("reads a quoted field closed before CRLF, an escaped quote and an empty quoted field as papaparse does", () => {
    const bytes = utf8.encode('a,"b ""c""",""\r\n"x\ny",2,\n,,\n"last"');
    const options = { minParseChars: 1, tail: 0, fieldLimit: 0 };
    const fast = read(bytes, [], { ...options, fast: true });
    expect(fast.error).toBeNull();
    expect(fast.records.map((r) => [r.fields, r.line])).toEqual([
      [["a", 'b "c"', ""], 1],
      [["x\ny", "2", ""], 2],
      [["", "", ""], 4],
      [["last"], 5],
    ]);
    expect(fast).toEqual(read(bytes, [], { ...options, fast: false }));
  });
});
