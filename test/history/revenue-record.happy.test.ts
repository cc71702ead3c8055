import { describe, expect, it } from "vitest";
import { historyDedupeKey, validateHistoryRevenueRecord } from "../../src/surfaces/history/revenue-record";

const NOW = Date.parse("2026-01-10T12:00:00.000Z");
const usd = { currency: "USD", nowMs: NOW };

describe("a valid revenue record", () => {
  it("keeps money as integer minor units and normalises the timestamp", () => {
    const r = validateHistoryRevenueRecord(
      {
        message_id: "a1b2c3d4",
        offer_id: "offer_123",
        revenue: 24.99,
        payout: 5.0,
        attribution_type: "click_through",
        timestamp: "2025-11-15T16:00:00Z",
      },
      0,
      usd,
    );
    expect(r).toEqual({
      ok: true,
      record: {
        index: 0,
        messageId: "a1b2c3d4",
        offerId: "offer_123",
        amountMinor: 2499,
        payoutMinor: 500,
        occurredAt: "2025-11-15T16:00:00.000Z",
        attributionType: "click_through",
        dedupeKey: "hist:a1b2c3d4|offer_123|2025-11-15T16:00:00.000Z",
      },
    });
  });

  it("defaults attribution_type to sale and timestamp to the request's now", () => {
    const r = validateHistoryRevenueRecord({ message_id: "m", offer_id: "o", revenue: 8.75 }, 2, usd);
    expect(r).toMatchObject({
      ok: true,
      record: { attributionType: "sale", occurredAt: "2026-01-10T12:00:00.000Z", payoutMinor: null, amountMinor: 875 },
    });
  });

  it("accepts every attribution type", () => {
    for (const t of ["sale", "click", "click_through", "send", "migration"]) {
      expect(validateHistoryRevenueRecord({ message_id: "m", offer_id: "o", revenue: 1, attribution_type: t }, 0, usd).ok).toBe(true);
    }
  });

  it("uses the site's currency exponent: JPY has no decimals, BHD has three", () => {
    expect(
      validateHistoryRevenueRecord({ message_id: "m", offer_id: "o", revenue: 1000 }, 0, { currency: "JPY", nowMs: NOW }),
    ).toMatchObject({
      record: { amountMinor: 1000 },
    });
    expect(
      validateHistoryRevenueRecord({ message_id: "m", offer_id: "o", revenue: 1.234 }, 0, { currency: "BHD", nowMs: NOW }),
    ).toMatchObject({
      record: { amountMinor: 1234 },
    });
  });

  it("accepts zero revenue, integer ids, and a timestamp within a minute of now", () => {
    const r = validateHistoryRevenueRecord({ message_id: 42, offer_id: 7, revenue: 0, timestamp: "2026-01-10T12:00:30Z" }, 0, usd);
    expect(r).toMatchObject({ ok: true, record: { messageId: "42", offerId: "7", amountMinor: 0 } });
  });

  it("spells the same instant the same way, so it dedupes however it was written", () => {
    const a = validateHistoryRevenueRecord({ message_id: "m", offer_id: "o", revenue: 1, timestamp: "2025-11-15T16:00:00Z" }, 0, usd);
    const b = validateHistoryRevenueRecord(
      { message_id: "m", offer_id: "o", revenue: 1, timestamp: "2025-11-15T11:00:00.000-05:00" },
      1,
      usd,
    );
    expect(a.ok && b.ok && a.record.dedupeKey === b.record.dedupeKey).toBe(true);
  });

  it("cannot make two different id pairs spell one dedupe key", () => {
    const t = "2025-11-15T16:00:00.000Z";
    expect(historyDedupeKey("a|b", "c", t)).not.toBe(historyDedupeKey("a", "b|c", t));
    expect(historyDedupeKey("a\\", "|c", t)).not.toBe(historyDedupeKey("a\\|", "c", t));
  });
});
