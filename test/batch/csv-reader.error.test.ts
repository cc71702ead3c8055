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
});
