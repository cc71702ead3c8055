import { describe, expect, it } from "vitest";
import { ALICE, BOB, createTracklyTenant, importRevenue, postOk } from "./support";

describe("POST /v2/offers/bulk (happy)", () => {
  it("creates offers, then upserts by offer_id keeping fields that are left out", async () => {
    const t = await createTracklyTenant();
    expect(await postOk(t.key, "/v2/offers/bulk", { offers: [{ offer_id: "o1", name: "First", payout: 5 }, { offer_id: "o2" }] })).toEqual({
      success_count: 2,
      error_count: 0,
      offers_created: 2,
      offers_updated: 0,
      errors: [],
    });
    expect(
      await postOk(t.key, "/v2/offers/bulk", {
        offers: [
          { offer_id: "o1", payout: 7.5 },
          { offer_id: "o3", name: "Third" },
        ],
      }),
    ).toMatchObject({
      success_count: 2,
      offers_created: 1,
      offers_updated: 1,
    });
  });
});

describe("POST /v2/history/sends (happy)", () => {
  it("stores sends, and skips and counts message ids already stored or repeated", async () => {
    const t = await createTracklyTenant();
    await postOk(t.key, "/v2/offers/bulk", { offers: [{ offer_id: "o1" }] });
    const first = await postOk(t.key, "/v2/history/sends", {
      sends: [
        { message_id: "m1", phone_number: "(212) 555-1234", offer_id: "o1", sent_at: "2025-11-15T15:00:00Z" },
        { message_id: "m2", phone_number: BOB },
        { message_id: "m2", phone_number: BOB },
      ],
    });
    expect(first).toEqual({ success_count: 2, error_count: 0, duplicates_skipped: 1, errors: [] });
    const again = await postOk(t.key, "/v2/history/sends", {
      sends: [
        { message_id: "m1", phone_number: ALICE },
        { message_id: "m3", phone_number: ALICE },
      ],
    });
    expect(again).toEqual({ success_count: 1, error_count: 0, duplicates_skipped: 1, errors: [] });
  });

  it("links a message to its recipient by phone number, whatever format the send used", async () => {
    const t = await createTracklyTenant();
    await postOk(t.key, "/v2/contacts/bulk", { contacts: [{ phone_number: ALICE }] });
    await postOk(t.key, "/v2/offers/bulk", { offers: [{ offer_id: "o1" }] });
    await postOk(t.key, "/v2/history/sends", { sends: [{ message_id: "m1", phone_number: "1 (212) 555-1234" }] });
    expect(await importRevenue(t.key, [{ message_id: "m1", offer_id: "o1", revenue: 1 }])).toMatchObject({ success_count: 1 });
  });
});
