import { describe, expect, it } from "vitest";
import { type MinorUnitsResult, toMinorUnits } from "../src/money";

/** The value, or the error code (messages quote the text, which differs by the padding). */
const outcome = (r: MinorUnitsResult) => (r.ok ? r.minor : r.error.code);

// toMinorUnits has a character-scanning fast path for plain decimals; it must agree with the
// general (regular expression + BigInt) path on every input. Inputs the fast path declines
// (spaces, exponents, 16+ digits) go through the general path, so both are compared here by
// padding the text with a space, which only the general path accepts.
describe("money: fast path agrees with the general path", () => {
  it("on plain decimals of every shape, sign and currency exponent", () => {
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join("");
    for (let k = 0; k < 5000; k++) {
      const sign = ["", "-", "+"][Math.floor(rnd() * 3)]!;
      const int = digits(Math.floor(rnd() * 17));
      const frac = rnd() < 0.6 ? `.${digits(Math.floor(rnd() * 6))}` : "";
      const text = `${sign}${int}${frac}`;
      for (const currency of ["USD", "JPY", "BHD", "CLF"]) {
        expect(outcome(toMinorUnits(text, currency)), `${text} ${currency}`).toEqual(outcome(toMinorUnits(` ${text}`, currency)));
      }
    }
  });

  it("keeps the documented edge cases", () => {
    expect(toMinorUnits("1.500", "USD")).toEqual({ ok: true, minor: 150 });
    expect(toMinorUnits("-0.00", "USD")).toEqual({ ok: true, minor: 0 });
    expect(toMinorUnits("1.", "USD")).toEqual({ ok: true, minor: 100 });
    expect(toMinorUnits("999999999999999", "JPY")).toEqual({ ok: true, minor: 999_999_999_999_999 });
    expect(toMinorUnits("1.005", "USD").ok).toBe(false);
    expect(toMinorUnits("1e3", "USD").ok).toBe(false);
  });
});
