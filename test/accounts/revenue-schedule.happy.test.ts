import { describe, expect, it } from "vitest";
import { revenueSchedule, scheduleTotal, splitEvenly } from "../../src/formats/revenue-schedule";
import { currencyExponent, formatMinorUnits } from "../../src/money";

// Amounts in files are whole major units of the site's currency; schedules are minor units.
const usd = (major: number) => major * 10 ** (currencyExponent("USD") ?? 2);
const shown = (schedule: { month: string; amountMinor: number }[]) =>
  schedule.map((m) => [m.month, formatMinorUnits(m.amountMinor, "USD")]);

describe("revenue schedules (contract §6 and the seed's worked examples)", () => {
  it("12,000 ARR over 2016 is 1,000.00 in each month", () => {
    const s = revenueSchedule({ amountMinor: usd(12_000), start: "2016-01-01", end: "2016-12-31", type: "ARR" });
    expect(s).toHaveLength(12);
    expect(s[0]?.month).toBe("2016-01");
    expect(s[11]?.month).toBe("2016-12");
    expect(s.every((m) => formatMinorUnits(m.amountMinor, "USD") === "1000.00")).toBe(true);
    expect(scheduleTotal(s)).toBe(usd(12_000));
  });

  it("12,000 MRR over 2016 is 12,000 every month, 144,000 in the year", () => {
    const s = revenueSchedule({ amountMinor: usd(12_000), start: "2016-01-01", end: "2016-12-31", type: "MRR" });
    expect(s).toHaveLength(12);
    expect(s.every((m) => m.amountMinor === usd(12_000))).toBe(true);
    expect(formatMinorUnits(scheduleTotal(s), "USD")).toBe("144000.00");
  });

  it("12,000 Other over January to June is 2,000.00 a month", () => {
    const s = revenueSchedule({ amountMinor: usd(12_000), start: "2016-01-01", end: "2016-06-30", type: "Other" });
    expect(shown(s)).toEqual([
      ["2016-01", "2000.00"],
      ["2016-02", "2000.00"],
      ["2016-03", "2000.00"],
      ["2016-04", "2000.00"],
      ["2016-05", "2000.00"],
      ["2016-06", "2000.00"],
    ]);
  });

  it("One Time puts the whole amount in the start month", () => {
    const s = revenueSchedule({ amountMinor: usd(5_000), start: "2016-03-15", end: "2016-09-30", type: "One Time" });
    expect(shown(s)).toEqual([["2016-03", "5000.00"]]);
  });

  it("ARR over fewer than 12 months is divided by the months it spans", () => {
    const s = revenueSchedule({ amountMinor: usd(6_000), start: "2016-01-10", end: "2016-03-05", type: "ARR" });
    expect(shown(s)).toEqual([
      ["2016-01", "2000.00"],
      ["2016-02", "2000.00"],
      ["2016-03", "2000.00"],
    ]);
  });

  it("ARR over 18 months repeats the monthly twelfth, so each 12 months add up to the amount", () => {
    const s = revenueSchedule({ amountMinor: 100_001, start: "2016-07-01", end: "2017-12-31", type: "ARR" });
    expect(s).toHaveLength(18);
    expect(s[0]?.month).toBe("2016-07");
    expect(s[17]?.month).toBe("2017-12");
    for (let i = 0; i + 12 <= s.length; i++) expect(scheduleTotal(s.slice(i, i + 12))).toBe(100_001);
  });

  it("a split that does not divide evenly still adds up exactly, the remainder spread out", () => {
    // 100 over Jan-Mar in USD: 10000 cents / 3.
    const s = revenueSchedule({ amountMinor: usd(100), start: "2016-01-01", end: "2016-03-31", type: "Other" });
    expect(shown(s)).toEqual([
      ["2016-01", "33.33"],
      ["2016-02", "33.33"],
      ["2016-03", "33.34"],
    ]);
    expect(scheduleTotal(s)).toBe(usd(100));
    // 7 cents over 12 months: no month gets more than one cent more than another.
    const tiny = revenueSchedule({ amountMinor: 7, start: "2016-01-01", end: "2016-12-31", type: "Other" });
    expect(scheduleTotal(tiny)).toBe(7);
    expect(Math.max(...tiny.map((m) => m.amountMinor)) - Math.min(...tiny.map((m) => m.amountMinor))).toBeLessThanOrEqual(1);
  });

  it("schedules cross year boundaries and count months inclusively", () => {
    const s = revenueSchedule({ amountMinor: usd(300), start: "2016-11-30", end: "2017-01-01", type: "Other" });
    expect(s.map((m) => m.month)).toEqual(["2016-11", "2016-12", "2017-01"]);
  });

  it("splitEvenly keeps the sum for awkward totals and part counts", () => {
    for (const [total, parts] of [
      [1, 12],
      [99_999_999_999, 7],
      [Number.MAX_SAFE_INTEGER, 120],
      [-1001, 3],
      [0, 5],
    ] as const) {
      const split = splitEvenly(total, parts);
      expect(split).toHaveLength(parts);
      expect(split.reduce((a, b) => a + b, 0)).toBe(total);
      expect(split.every(Number.isSafeInteger)).toBe(true);
    }
  });

  it("uses the currency's own exponent: JPY has no minor units, BHD has three", () => {
    const jpy = revenueSchedule({
      amountMinor: 100 * 10 ** (currencyExponent("JPY") ?? 0),
      start: "2016-01-01",
      end: "2016-03-31",
      type: "Other",
    });
    expect(jpy.map((m) => formatMinorUnits(m.amountMinor, "JPY"))).toEqual(["33", "33", "34"]);
    const bhd = revenueSchedule({
      amountMinor: 100 * 10 ** (currencyExponent("BHD") ?? 3),
      start: "2016-01-01",
      end: "2016-03-31",
      type: "Other",
    });
    expect(bhd.map((m) => formatMinorUnits(m.amountMinor, "BHD"))).toEqual(["33.333", "33.333", "33.334"]);
  });
});
