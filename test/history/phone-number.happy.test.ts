import { describe, expect, it } from "vitest";
import { normalizePhoneNumber } from "../../src/surfaces/history/phone-number";

describe("phone numbers are normalised to E.164", () => {
  it.each([
    ["(212) 555-1234", "+12125551234"],
    ["212-555-1234", "+12125551234"],
    ["2125551234", "+12125551234"],
    ["1-212-555-1234", "+12125551234"],
    ["+1 212 555 1234", "+12125551234"],
    ["  +1 (212) 555-1234  ", "+12125551234"],
    ["+44 20 7183 8750", "+442071838750"],
    ["+61 412 345 678", "+61412345678"],
    ["011 44 20 7183 8750", "+442071838750"],
  ])("%s -> %s", (input, e164) => {
    expect(normalizePhoneNumber(input)).toEqual({ ok: true, e164 });
  });

  it("reads a JSON integer as the digits it spells", () => {
    expect(normalizePhoneNumber(12125551234)).toEqual({ ok: true, e164: "+12125551234" });
  });
});
