import { describe, expect, it } from "vitest";
import { createTracklyTenant, importRevenue, post, postOk } from "./support";

type Result = { success_count: number; error_count: number; errors: { index: number; code: string; error: string }[] };

describe("POST /v2/offers/bulk (errors)", () => {
  it.each([
    ["missing_offer_id", {}],
    ["missing_offer_id", { offer_id: " " }],
    ["invalid_offer_id", { offer_id: "o".repeat(256) }],
    ["invalid_offer_id", { offer_id: { id: 1 } }],
    ["invalid_name", { offer_id: "o", name: 5 }],
    ["invalid_payout", { offer_id: "o", payout: -1 }],
    ["invalid_payout", { offer_id: "o", payout: 1.005 }],
  ])("%s: %j", async (code, offer) => {
    const t = await createTracklyTenant();
    const result = await postOk<Result>(t.key, "/v2/offers/bulk", { offers: [offer, { offer_id: "fine" }] });
    expect(result).toMatchObject({
      success_count: 1,
      error_count: 1,
      errors: [{ index: 0, code, error: expect.stringMatching(/^Offer 0: /) }],
    });
  });

  it.each([
    [{ offers: [] }, 400, "missing_offers"],
    [{ offers: Array.from({ length: 1001 }, (_, i) => ({ offer_id: `o${i}` })) }, 413, "too_many_offers"],
  ])("request error %#", async (body, status, code) => {
    const t = await createTracklyTenant();
    const res = await post(t.key, "/v2/offers/bulk", body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code });
  });
});

describe("POST /v2/history/sends (errors)", () => {
  it.each([
    ["missing_message_id", { phone_number: "+12125551234" }],
    ["invalid_message_id", { message_id: "m".repeat(256), phone_number: "+12125551234" }],
    ["missing_phone_number", { message_id: "m1" }],
    ["invalid_phone", { message_id: "m1", phone_number: "555-0000" }],
    ["offer_not_found", { message_id: "m1", phone_number: "+12125551234", offer_id: "no_such_offer" }],
    ["invalid_offer_id", { message_id: "m1", phone_number: "+12125551234", offer_id: [1] }],
    ["invalid_sent_at", { message_id: "m1", phone_number: "+12125551234", sent_at: "yesterday" }],
    ["invalid_sent_at", { message_id: "m1", phone_number: "+12125551234", sent_at: "2999-01-01T00:00:00Z" }],
  ])("%s: %j", async (code, send) => {
    const t = await createTracklyTenant();
    const result = await postOk<Result>(t.key, "/v2/history/sends", { sends: [send] });
    expect(result).toMatchObject({
      success_count: 0,
      error_count: 1,
      errors: [{ index: 0, code, error: expect.stringMatching(/^Send 0: /) }],
    });
  });

  it("a refused send stores no message (a revenue record naming it is message_not_found)", async () => {
    const t = await createTracklyTenant();
    await postOk(t.key, "/v2/offers/bulk", { offers: [{ offer_id: "o1" }] });
    await postOk(t.key, "/v2/history/sends", { sends: [{ message_id: "m1", phone_number: "+12125551234", offer_id: "nope" }] });
    const result = await importRevenue(t.key, [{ message_id: "m1", offer_id: "o1", revenue: 1 }]);
    expect(result.errors.map((e) => e.code)).toEqual(["message_not_found"]);
  });

  it.each([
    [{ sends: null }, 400, "missing_sends"],
    [{ sends: Array.from({ length: 1001 }, (_, i) => ({ message_id: `m${i}`, phone_number: "+12125551234" })) }, 413, "too_many_sends"],
  ])("request error %#", async (body, status, code) => {
    const t = await createTracklyTenant();
    const res = await post(t.key, "/v2/history/sends", body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code });
  });
});
