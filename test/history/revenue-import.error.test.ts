import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listRevenue } from "../support/events";
import { call } from "../support/http";
import { ALICE, BOB, contactByPhone, createTracklyTenant, importRevenue, post, postOk, seedHistory, seedRecords } from "./support";

const good = { message_id: "a1b2c3d4", offer_id: "offer_123", revenue: 10, timestamp: "2025-11-15T16:00:00Z" };
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

describe("POST /v2/history/revenue: record errors", () => {
  it.each([
    ["missing_message_id", { ...good, message_id: undefined }, /message_id is required/],
    ["missing_offer_id", { ...good, offer_id: undefined }, /offer_id is required/],
    ["missing_revenue", { ...good, revenue: undefined }, /revenue is required/],
    ["invalid_revenue", { ...good, revenue: -1 }, /revenue must be 0 or more/],
    ["invalid_revenue", { ...good, revenue: "10" }, /revenue must be a number/],
    ["invalid_revenue", { ...good, revenue: 10.001 }, /more decimals than USD allows/],
    ["invalid_payout", { ...good, payout: -5 }, /payout must be 0 or more/],
    ["invalid_timestamp", { ...good, timestamp: "15/11/2025" }, /not an ISO 8601 date-time/],
    ["invalid_timestamp", { ...good, timestamp: "__TOMORROW__" }, /is in the future/],
    [
      "invalid_attribution_type",
      { ...good, attribution_type: "referral" },
      /attribution_type must be one of sale, click, click_through, send, migration/,
    ],
    ["message_not_found", { ...good, message_id: "zzzz" }, /no message exists with message_id "zzzz"/],
    ["offer_not_found", { ...good, offer_id: "offer_999" }, /no offer exists with offer_id "offer_999"/],
  ])("%s", async (code, record, message) => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const r = { ...record, timestamp: record.timestamp === "__TOMORROW__" ? tomorrow() : record.timestamp };
    const result = await importRevenue(t.key, [seedRecords[1], r]);
    expect(result).toMatchObject({ success_count: 1, error_count: 1, total_revenue: 12.5 });
    expect(result.errors).toEqual([{ index: 1, code, error: expect.stringMatching(message) }]);
    expect(result.errors[0]?.error).toMatch(/^Record 1: /);
  });

  it("contact_not_found: the message's phone number is not a contact (yet); importing the contact fixes it", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    await postOk(t.key, "/v2/history/sends", { sends: [{ message_id: "to_stranger", phone_number: "+14155550100" }] });
    const record = { message_id: "to_stranger", offer_id: "offer_123", revenue: 3, timestamp: "2025-11-15T16:00:00Z" };
    const first = await importRevenue(t.key, [record]);
    expect(first.errors).toEqual([
      { index: 0, code: "contact_not_found", error: expect.stringMatching(/contact of message "to_stranger" could not be found/) },
    ]);

    await postOk(t.key, "/v2/contacts/bulk", { contacts: [{ phone_number: "+1 415 555 0100" }] });
    expect(await importRevenue(t.key, [record])).toMatchObject({ success_count: 1, total_revenue: 3 });
  });

  it("duplicate_record within one request and against an earlier import", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    await importRevenue(t.key, [seedRecords[0]]);
    const result = await importRevenue(t.key, [seedRecords[1], seedRecords[1], seedRecords[0]]);
    expect(result.success_count).toBe(1);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [1, "duplicate_record"],
      [2, "duplicate_record"],
    ]);
  });

  it("save_error: a failure half-way through the write leaves neither ledger rows nor stats", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const alice = await contactByPhone(t.key, ALICE);
    // Make the second statement of the write transaction (the contact stats update) fail.
    const trigger = `fail_stats_${alice.id.replace(/\W/g, "_")}`;
    await env.DB.prepare(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON contacts WHEN OLD.id = '${alice.id}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    ).run();
    try {
      const result = await importRevenue(t.key, [
        seedRecords[0],
        { message_id: "nope", offer_id: "offer_123", revenue: 1 },
        seedRecords[2],
      ]);
      expect(result.success_count).toBe(0);
      expect(result.total_revenue).toBe(0);
      expect(result.errors).toEqual([
        { index: 0, code: "save_error", error: expect.stringMatching(/^Record 0: an unexpected error occurred while saving the record/) },
        { index: 1, code: "message_not_found", error: expect.any(String) },
        { index: 2, code: "save_error", error: expect.any(String) },
      ]);
      // No SQL or internals leak into the response.
      expect(JSON.stringify(result)).not.toMatch(/injected|trigger|SQL|UPDATE/i);
    } finally {
      await env.DB.prepare(`DROP TRIGGER ${trigger}`).run();
    }
    expect((await listRevenue(t.site.id, t.key, "?source=history")).data).toHaveLength(0);
    expect(await contactByPhone(t.key, BOB)).toMatchObject({ revenue_total: 0, conversion_count: 0 });

    // Retrying once the failure is gone stores them, once.
    expect(await importRevenue(t.key, [seedRecords[0], seedRecords[2]])).toMatchObject({ success_count: 2, total_revenue: 33.74 });
  });

  it("150 bad records: error_count 150, the first 100 listed in order", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const bad = Array.from({ length: 150 }, (_, i) => ({ message_id: `missing_${i}`, offer_id: "offer_123", revenue: 1 }));
    const result = await importRevenue(t.key, [seedRecords[0], ...bad]);
    expect(result.success_count).toBe(1);
    expect(result.error_count).toBe(150);
    expect(result.errors).toHaveLength(100);
    expect(result.errors.map((e) => e.index)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set(["message_not_found"]));
  });

  it("treats records that are not objects as errors of their own", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const result = await importRevenue(t.key, [null, "x", 3, [good], seedRecords[0]]);
    expect(result.success_count).toBe(1);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [0, "missing_message_id"],
      [1, "missing_message_id"],
      [2, "missing_message_id"],
      [3, "missing_message_id"],
    ]);
    expect(result.errors[0]?.error).toMatch(/must be an object/);
  });
});

describe("POST /v2/history/revenue: request errors store nothing", () => {
  it.each([
    ["absent", {}],
    ["null", { records: null }],
    ["not an array", { records: { message_id: "a" } }],
    ["empty", { records: [] }],
    ["a bare array body", [good]],
  ])("records %s -> 400 missing_records", async (_, body) => {
    const t = await createTracklyTenant();
    const res = await post(t.key, "/v2/history/revenue", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "The records field is required and must be a non-empty array.", code: "missing_records" });
  });

  it("1,001 records -> 413 too_many_records, and none of them is stored", async () => {
    const t = await createTracklyTenant();
    await seedHistory(t.key);
    const records = Array.from({ length: 1001 }, (_, i) => ({
      ...seedRecords[0],
      timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    }));
    const res = await post(t.key, "/v2/history/revenue", { records });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "Exceeded the maximum of 1,000 records per request (got 1,001).", code: "too_many_records" });
    expect((await listRevenue(t.site.id, t.key, "?source=history")).data).toHaveLength(0);
    expect(await contactByPhone(t.key, ALICE)).toMatchObject({ conversion_count: 0 });
  });

  it("a body that is not JSON -> 400 invalid_json", async () => {
    const t = await createTracklyTenant();
    const res = await call("/v2/history/revenue", {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: '{"records": [',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "The request body must be valid JSON.", code: "invalid_json" });
  });

  it("a body over 5 MiB -> 413 before it is parsed (with and without Content-Length)", async () => {
    const t = await createTracklyTenant();
    const big = JSON.stringify({ records: [{ ...good, pad: "x".repeat(5 * 1024 * 1024) }] });
    const res = await call("/v2/history/revenue", {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });

    const stream = new Blob([big]).stream();
    const streamed = await call("/v2/history/revenue", {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: stream,
      // @ts-expect-error -- `duplex` is required by fetch for stream bodies but missing from RequestInit's types
      duplex: "half",
    });
    expect(streamed.status).toBe(413);
  });

  it("wrong method -> 405 and unknown /v2 route -> 404, both as {error, code}", async () => {
    const t = await createTracklyTenant();
    const res = await call("/v2/history/revenue", { headers: { "x-api-key": t.key } });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ code: "method_not_allowed", error: expect.any(String) });
    const missing = await call("/v2/history/nothing", { headers: { "x-api-key": t.key } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "not_found", error: expect.any(String) });
  });
});
