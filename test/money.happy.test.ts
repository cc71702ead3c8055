import { describe, expect, it } from "vitest";
import { formatMinorUnits, isCurrencyCode, numberToDecimalText, toMinorUnits } from "../src/money";

describe("money", () => {
  it("parses amounts exactly per currency exponent", () => {
    expect(toMinorUnits("499.99", "USD")).toEqual({ ok: true, minor: 49999 });
    expect(toMinorUnits("1000", "JPY")).toEqual({ ok: true, minor: 1000 });
    expect(toMinorUnits("1.234", "BHD")).toEqual({ ok: true, minor: 1234 });
    expect(toMinorUnits("-12.5", "EUR")).toEqual({ ok: true, minor: -1250 });
    expect(toMinorUnits("1.500", "USD")).toEqual({ ok: true, minor: 150 });
  });

  it("refuses more decimals than the currency allows instead of rounding", () => {
    const r = toMinorUnits("1.005", "USD");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/more decimals than USD allows/);
    expect(toMinorUnits("10.5", "JPY").ok).toBe(false);
  });

  it("knows ISO 4217 codes, not just three letters", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("ABC")).toBe(false);
    expect(isCurrencyCode("XTS")).toBe(false);
  });

  it("formats minor units back to the same text and expands exponent notation", () => {
    expect(formatMinorUnits(49999, "USD")).toBe("499.99");
    expect(formatMinorUnits(5, "USD")).toBe("0.05");
    expect(formatMinorUnits(-1234, "BHD")).toBe("-1.234");
    expect(formatMinorUnits(1000, "JPY")).toBe("1000");
    expect(numberToDecimalText(1e-7)).toBe("0.0000001");
    expect(numberToDecimalText(1.5e21)).toBe("1500000000000000000000");
    expect([24.99, 12.5, 8.75].map((n) => toMinorUnits(String(n), "USD")).reduce((a, r) => a + (r.ok ? r.minor : 0), 0)).toBe(4624);
  });
});
