import { describe, expect, it } from "vitest";
import { validateHistoryRevenueRecord } from "../../src/surfaces/history/revenue-record";

const NOW = Date.parse("2026-01-10T12:00:00.000Z");
const ctx = { currency: "USD", nowMs: NOW };
const good = { message_id: "m1", offer_id: "o1", revenue: 10, timestamp: "2025-11-15T16:00:00Z" };

describe("each record error code, with a sentence naming the record and the field", () => {
  it.each([
    ["missing_message_id", { ...good, message_id: undefined }, /Record 3: message_id is required/],
    ["missing_message_id", { ...good, message_id: "" }, /message_id is required and must not be blank/],
    ["missing_message_id", { ...good, message_id: "   " }, /must not be blank/],
    ["missing_message_id", { ...good, message_id: { id: 1 } }, /message_id must be a string/],
    ["missing_message_id", "not an object", /must be an object/],
    ["missing_message_id", null, /must be an object/],
    ["message_not_found", { ...good, message_id: "m".repeat(256) }, /longer than 255/],
    ["missing_offer_id", { ...good, offer_id: null }, /offer_id is required/],
    ["offer_not_found", { ...good, offer_id: "o".repeat(256) }, /longer than 255/],
    ["missing_revenue", { ...good, revenue: undefined }, /revenue is required/],
    ["missing_revenue", { ...good, revenue: null }, /revenue is required/],
    ["invalid_revenue", { ...good, revenue: -1 }, /revenue must be 0 or more, got -1/],
    ["invalid_revenue", { ...good, revenue: "24.99" }, /revenue must be a number, got the string "24.99"/],
    ["invalid_revenue", { ...good, revenue: 24.999 }, /more decimals than USD allows \(at most 2 decimals\)/],
    ["invalid_revenue", { ...good, revenue: 1e300 }, /too large/],
    ["invalid_payout", { ...good, payout: -5 }, /payout must be 0 or more/],
    ["invalid_payout", { ...good, payout: "5" }, /payout must be a number/],
    ["invalid_payout", { ...good, payout: 5.001 }, /payout: 5.001 has more decimals/],
    ["invalid_timestamp", { ...good, timestamp: "2025-02-30T00:00:00Z" }, /not a real calendar date/],
    ["invalid_timestamp", { ...good, timestamp: "last tuesday" }, /not an ISO 8601/],
    ["invalid_timestamp", { ...good, timestamp: 1731686400000 }, /must be an ISO 8601 string/],
    ["invalid_timestamp", { ...good, timestamp: "2026-01-11T12:00:00Z" }, /2026-01-11T12:00:00.000Z is in the future/],
    ["invalid_timestamp", { ...good, timestamp: "2026-01-10T12:01:01Z" }, /in the future/],
    [
      "invalid_attribution_type",
      { ...good, attribution_type: "Sale" },
      /must be one of sale, click, click_through, send, migration, got "Sale"/,
    ],
    ["invalid_attribution_type", { ...good, attribution_type: 1 }, /got 1/],
  ])("%s: %j", (code, record, message) => {
    const r = validateHistoryRevenueRecord(record, 3, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.index).toBe(3);
      expect(r.error.error).toMatch(message);
    }
  });

  it("JPY refuses any decimals", () => {
    const r = validateHistoryRevenueRecord({ ...good, revenue: 10.5 }, 0, { currency: "JPY", nowMs: NOW });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_revenue", error: expect.stringMatching(/JPY allows \(no decimals\)/) } });
  });
});
