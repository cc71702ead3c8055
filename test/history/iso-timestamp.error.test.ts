import { describe, expect, it } from "vitest";
import { parseIsoTimestamp } from "../../src/surfaces/history/iso-timestamp";

describe("timestamps that are not ISO 8601 or not real are refused", () => {
  it.each([
    ["2025-02-29T00:00:00Z", /real calendar date/],
    ["2025-13-01T00:00:00Z", /real calendar date/],
    ["2025-11-31", /real calendar date/],
    ["2025-11-15T24:00:00Z", /out of range/],
    ["2025-11-15T16:60:00Z", /out of range/],
    ["2025-11-15T16:00:00+25:00", /offset out of range/],
    ["15/11/2025", /not an ISO 8601/],
    ["1731686400", /not an ISO 8601/],
    ["yesterday", /not an ISO 8601/],
    ["2025-11-15T16:00:00ZZ", /not an ISO 8601/],
  ])("%s is refused", (input, message) => {
    const r = parseIsoTimestamp(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
