import { describe, expect, it } from "vitest";
import { normalizePhoneNumber } from "../../src/surfaces/history/phone-number";

describe("invalid phone numbers are refused with a reason", () => {
  it.each([
    ["555-123-4567", /not a valid phone number/], // 555 is not a US area code
    ["+1 212 555 12345", /not a valid phone number/], // one digit too many
    ["442071838750", /country code/], // a UK number without its + is read as US
    ["call 2125551234", /not a valid phone number/],
    ["12", /not a valid phone number/],
    ["", /empty/],
    ["   ", /empty/],
    ["212-555-1234 x12", /extension/],
    ["+".padEnd(80, "1"), /longer than 64/],
  ])("%j", (input, message) => {
    const r = normalizePhoneNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it.each([[null], [undefined], [true], [{}], [["+12125551234"]], [1.5], [-12125551234]])("%j is not a phone number", (input) => {
    expect(normalizePhoneNumber(input)).toEqual({ ok: false, error: expect.stringMatching(/must be a string/) });
  });
});
