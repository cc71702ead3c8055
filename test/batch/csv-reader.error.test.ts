import { describe, expect, it } from "vitest";
import { type CsvRecord, CsvRecordReader, collectRecords } from "../../src/formats/revenue-csv/read-rows";

function readError(bytes: Uint8Array | string, options?: ConstructorParameters<typeof CsvRecordReader>[0]) {
  const input = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const reader = new CsvRecordReader(options);
  const records: CsvRecord[] = [];
  const push = collectRecords(records);
  for (let i = 0; i < input.length; i += 7) {
    const error = reader.write(input.subarray(i, i + 7), push);
    if (error) return { error, records };
  }
  return { error: reader.end(push), records };
}

describe("CSV record reader: malformed input", () => {
  it("reports a quote that never closes, on the line it opens", () => {
    const { error } = readError('a,b\n1,2\n3,"open\n4,5\n');
    expect(error).toEqual({ line: 3, message: expect.stringMatching(/never closed/) });
  });

  it("reports text after a closing quote", () => {
    const { error } = readError('a,b\n1,2\n"x"y,2\n');
    expect(error?.line).toBe(3);
    expect(error?.message).toMatch(/closing quote must be followed by a comma/);
  });

  it("refuses bytes that are not UTF-8", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("a,b\n1,"), 0xff, 0xfe, 0x0a]);
    const { error } = readError(bytes);
    expect(error?.message).toMatch(/not valid UTF-8/);
  });

  it("stops a runaway quoted field at the record size limit instead of buffering the file", () => {
    const text = `a,b\n"${"x,".repeat(50_000)}`;
    const { error } = readError(text, { maxRecordChars: 4096 });
    expect(error?.message).toMatch(/longer than 4096 characters/);
    expect(error?.line).toBe(2);
  });

  it("refuses a record wider than the field limit as soon as its extra comma arrives, before the record ends", () => {
    const reader = new CsvRecordReader({ minParseChars: 1, tailScanMinChars: 0 });
    reader.setFieldLimit(12, "too wide");
    const records: CsvRecord[] = [];
    const push = collectRecords(records);
    const utf8 = new TextEncoder();
    expect(reader.write(utf8.encode("h1,h2\nv1,v2\n"), push)).toBeNull();
    // 64 KiB of commas, no line end yet: refused from this piece on, on the line the record starts.
    expect(reader.write(utf8.encode(",".repeat(65_536)), push)).toEqual({ line: 3, message: "too wide" });
    expect(records.map((r) => r.fields)).toEqual([
      ["h1", "h2"],
      ["v1", "v2"],
    ]);
    // Nothing more is read.
    expect(reader.write(utf8.encode("\nx,y\n"), push)).toEqual({ line: 3, message: "too wide" });
  });

  it("does not count commas inside quoted fields towards the field limit", () => {
    const reader = new CsvRecordReader({ minParseChars: 1, tailScanMinChars: 0 });
    reader.setFieldLimit(2, "too wide");
    const records: CsvRecord[] = [];
    const push = collectRecords(records);
    for (const piece of ['"a,b,', 'c,d",', '"e,,,', ',f"\n']) expect(reader.write(new TextEncoder().encode(piece), push)).toBeNull();
    expect(reader.end(push)).toBeNull();
    expect(records.map((r) => r.fields)).toEqual([["a,b,c,d", "e,,,,f"]]);
  });

  it("refuses an unfinished record over the length limit as soon as it is that long", () => {
    const reader = new CsvRecordReader({ maxRecordChars: 4096, minParseChars: 1, tailScanMinChars: 0 });
    const push = collectRecords([]);
    expect(reader.write(new TextEncoder().encode("a,b\n" + "x".repeat(4000)), push)).toBeNull();
    expect(reader.write(new TextEncoder().encode("x".repeat(200)), push)?.message).toMatch(/longer than 4096 characters/);
  });

  it("reports text after a closing quote in a record that has not ended yet", () => {
    const reader = new CsvRecordReader({ minParseChars: 1, tailScanMinChars: 0 });
    const push = collectRecords([]);
    expect(reader.write(new TextEncoder().encode('a,b\n"x"y'), push)).toEqual({
      line: 2,
      message: expect.stringMatching(/closing quote must be followed/),
    });
  });
});
