import { describe, expect, it } from "vitest";
import { listRevenue } from "../support/events";
import { ALICE, BOB, contactByPhone, createTracklyTenant, importRevenue, seedHistory, seedMany, seedRecords } from "./support";

describe("POST /v2/history/revenue (happy)", () => {
  it("runs the seed's example end to end: contacts -> offers -> sends -> import -> stats", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const before = Date.now();

    const result = await importRevenue(t.key, seedRecords);
    expect(result).toEqual({ success_count: 3, error_count: 0, total_revenue: 46.24, errors: [] });

    const alice = await contactByPhone(t.key, ALICE);
    expect(alice).toMatchObject({
      phone_number: ALICE,
      revenue_total: 37.49,
      conversion_count: 2,
      last_revenue_at: "2025-11-15T17:30:00.000Z",
    });
    const bob = await contactByPhone(t.key, BOB);
    expect(bob).toMatchObject({ revenue_total: 8.75, conversion_count: 1 });
    // The third record had no timestamp: it is stamped with the time of the import.
    expect(Date.parse(bob.last_revenue_at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(bob.last_revenue_at!)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("writes each saved record to the ledger: source history, the site's currency, exact minor units", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    await importRevenue(t.key, seedRecords);

    // The same secret key reads the native reporting API (Bearer).
    const page = await listRevenue(t.site.id, t.key, "?source=history");
    const byMessage = Object.fromEntries(page.data.map((r) => [r.external_id, r]));
    expect(Object.keys(byMessage).sort()).toEqual(["a1b2c3d4", "e5f6g7h8", "i9j0k1l2"]);
    expect(byMessage.a1b2c3d4).toMatchObject({
      source: "history",
      amount: "24.99",
      amount_minor: 2499,
      currency: "USD",
      occurred_at: "2025-11-15T16:00:00.000Z",
      event_type: "sale",
      metadata: { message_id: "a1b2c3d4", offer_id: "offer_123", attribution_type: "sale", payout: "5.00" },
    });
    expect(byMessage.e5f6g7h8).toMatchObject({ amount: "12.50", event_type: "sale", metadata: { payout: null } });
    expect(byMessage.i9j0k1l2).toMatchObject({ amount: "8.75", event_type: "migration" });
    // customer_id is the contact's id
    const alice = await contactByPhone(t.key, ALICE);
    expect(byMessage.a1b2c3d4?.customer_id).toBe(alice.id);
  });

  it("keeps amounts in the site's default currency: JPY without decimals", async () => {
    const t = await createTracklyTenant({ default_currency: "JPY" });
    await seedHistory(t.key);
    const result = await importRevenue(t.key, [
      { message_id: "a1b2c3d4", offer_id: "offer_123", revenue: 1000, timestamp: "2025-11-15T16:00:00Z" },
      { message_id: "e5f6g7h8", offer_id: "offer_123", revenue: 2500, timestamp: "2025-11-15T16:00:00Z" },
    ]);
    expect(result).toMatchObject({ success_count: 2, total_revenue: 3500 });
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({ revenue_total: 3500, conversion_count: 2 });
    const page = await listRevenue(t.site.id, t.key, "?source=history");
    expect(page.data.map((r) => [r.currency, r.amount]).sort()).toEqual([
      ["JPY", "1000"],
      ["JPY", "2500"],
    ]);
  });

  it("saves the good records of a request and reports the bad ones by index", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const result = await importRevenue(t.key, [
      seedRecords[0],
      { message_id: "nope", offer_id: "offer_123", revenue: 1 },
      seedRecords[1],
      { message_id: "i9j0k1l2", offer_id: "offer_123", revenue: -3 },
      seedRecords[2],
    ]);
    expect(result.success_count).toBe(3);
    expect(result.error_count).toBe(2);
    expect(result.total_revenue).toBe(46.24);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [1, "message_not_found"],
      [3, "invalid_revenue"],
    ]);
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({ revenue_total: 37.49, conversion_count: 2 });
  });

  it("re-importing the same records gives duplicate_record and leaves the stats and the ledger unchanged", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const timed = seedRecords.slice(0, 2);
    expect(await importRevenue(t.key, timed)).toMatchObject({ success_count: 2, total_revenue: 37.49 });
    const stats = await contactByPhone(t.key, ALICE);

    const again = await importRevenue(t.key, timed);
    expect(again).toMatchObject({ success_count: 0, error_count: 2, total_revenue: 0 });
    expect(again.errors).toEqual([
      {
        index: 0,
        code: "duplicate_record",
        error: expect.stringMatching(/^Record 0: already imported \(same message_id, offer_id and timestamp\)/),
      },
      { index: 1, code: "duplicate_record", error: expect.stringMatching(/^Record 1: already imported/) },
    ]);
    expect(await contactByPhone(t.key, ALICE)).toEqual(stats);
    const page = await listRevenue(t.site.id, t.key, "?source=history");
    expect(page.data).toHaveLength(2);
  });

  it("treats the same instant written differently as the same record", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const result = await importRevenue(t.key, [
      { message_id: "a1b2c3d4", offer_id: "offer_123", revenue: 1, timestamp: "2025-11-15T16:00:00Z" },
      { message_id: "a1b2c3d4", offer_id: "offer_123", revenue: 1, timestamp: "2025-11-15T11:00:00.000-05:00" },
      // another offer or another time of the same message is another record
      { message_id: "a1b2c3d4", offer_id: "offer_456", revenue: 2, timestamp: "2025-11-15T16:00:00Z" },
      { message_id: "a1b2c3d4", offer_id: "offer_123", revenue: 3, timestamp: "2025-11-15T16:00:01Z" },
    ]);
    expect(result.success_count).toBe(3);
    expect(result.errors).toEqual([
      {
        index: 1,
        code: "duplicate_record",
        error: "Record 1: duplicate of record 0 in this request (same message_id, offer_id and timestamp)",
      },
    ]);
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({ revenue_total: 6, conversion_count: 3 });
  });

  it("adds up a contact's stats over imports for two messages, keeping the latest timestamp", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    await importRevenue(t.key, [{ message_id: "e5f6g7h8", offer_id: "offer_456", revenue: 12.5, timestamp: "2025-11-15T17:30:00Z" }]);
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({
      revenue_total: 12.5,
      conversion_count: 1,
      last_revenue_at: "2025-11-15T17:30:00.000Z",
    });
    // An older record imported later does not move last_revenue_at back.
    await importRevenue(t.key, [{ message_id: "a1b2c3d4", offer_id: "offer_123", revenue: 24.99, timestamp: "2025-11-15T16:00:00Z" }]);
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({
      revenue_total: 37.49,
      conversion_count: 2,
      last_revenue_at: "2025-11-15T17:30:00.000Z",
    });
    // A newer one does.
    await importRevenue(t.key, [{ message_id: "a1b2c3d4", offer_id: "offer_456", revenue: 0.01, timestamp: "2025-11-16T09:00:00+01:00" }]);
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({
      revenue_total: 37.5,
      conversion_count: 3,
      last_revenue_at: "2025-11-16T08:00:00.000Z",
    });
    // Bob's stats never moved.
    expect(await contactByPhone(t.key, BOB)).toMatchObject({ revenue_total: 0, conversion_count: 0, last_revenue_at: null });
  });

  it("imports 1,000 records in one request", async () => {
    const t = await createTracklyTenant();
    await seedMany(t.key, 1000);
    const records = Array.from({ length: 1000 }, (_, i) => ({
      message_id: `m${i}`,
      offer_id: "bulk_offer",
      revenue: 0.01 * (i % 7) + 1,
      timestamp: "2025-10-01T00:00:00Z",
    }));
    const result = await importRevenue(
      t.key,
      records.map((r) => ({ ...r, revenue: Number(r.revenue.toFixed(2)) })),
    );
    expect(result).toMatchObject({ success_count: 1000, error_count: 0, errors: [] });
    // Σ over i < 1000 of (1 + 0.01·(i mod 7)), exactly: 1000 + 0.01·(142·21 + (0+1+2+3+4+5)) = 1029.97
    expect(result.total_revenue).toBe(1029.97);
    expect(await contactByPhone(t.key, "+12125550999")).toMatchObject({ conversion_count: 1, revenue_total: 1.05 });
  });
});
