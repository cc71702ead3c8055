import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { ALICE, createTracklyTenant, get, type ImportResult, post, postOk, seedRecords } from "./support";

// Trackly's own examples post to https://app.tracklysms.com/api/v2/history/revenue: a client
// that swaps its base URL `…/api` for ours calls /api/v2/… and must get the same answers.
describe("the Trackly surface under /api/v2 (happy)", () => {
  it("imports contacts, offers and sends under /api/v2 and finds the contact by phone and by id", async () => {
    const t = await createTracklyTenant();
    const contacts = await postOk(t.key, "/api/v2/contacts/bulk", {
      contacts: [{ phone_number: "(212) 555-1234" }, { phone_number: "312-555-0188" }],
    });
    expect(contacts).toMatchObject({ success_count: 2, contacts_created: 2 });
    expect(await postOk(t.key, "/api/v2/offers/bulk", { offers: [{ offer_id: "offer_123" }, { offer_id: "offer_456" }] })).toMatchObject({
      success_count: 2,
    });
    const sends = await postOk(t.key, "/api/v2/history/sends", {
      sends: [
        { message_id: "a1b2c3d4", phone_number: ALICE, offer_id: "offer_123" },
        { message_id: "e5f6g7h8", phone_number: ALICE, offer_id: "offer_456" },
        { message_id: "i9j0k1l2", phone_number: "+13125550188" },
      ],
    });
    expect(sends).toMatchObject({ success_count: 3, error_count: 0 });

    const byPhone = await get(t.key, `/api/v2/contacts?phone_number=${encodeURIComponent(ALICE)}`);
    expect(byPhone.status).toBe(200);
    const alice = (await byPhone.json()) as { id: string; phone_number: string };
    expect(alice.phone_number).toBe(ALICE);
    const byId = await get(t.key, `/api/v2/contacts/${alice.id}`);
    expect(await byId.json()).toEqual(alice);
  });

  it("imports the docs' revenue example at /api/v2/history/revenue exactly as at /v2/history/revenue", async () => {
    const t = await createTracklyTenant();
    await postOk(t.key, "/api/v2/contacts/bulk", { contacts: [{ phone_number: ALICE }, { phone_number: "+13125550188" }] });
    await postOk(t.key, "/api/v2/offers/bulk", { offers: [{ offer_id: "offer_123" }, { offer_id: "offer_456" }] });
    await postOk(t.key, "/api/v2/history/sends", {
      sends: [
        { message_id: "a1b2c3d4", phone_number: ALICE },
        { message_id: "e5f6g7h8", phone_number: ALICE },
        { message_id: "i9j0k1l2", phone_number: "+13125550188" },
      ],
    });
    const result = await postOk<ImportResult>(t.key, "/api/v2/history/revenue", { records: seedRecords });
    expect(result).toEqual({ success_count: 3, error_count: 0, total_revenue: 46.24, errors: [] });
    // The same records through the documented path are duplicates: one ledger, one rule.
    const again = await postOk<ImportResult>(t.key, "/v2/history/revenue", { records: seedRecords.slice(0, 2) });
    expect(again).toMatchObject({ success_count: 0, error_count: 2, errors: [{ code: "duplicate_record" }, { code: "duplicate_record" }] });
  });
});

describe("the Trackly surface under /api/v2 (errors)", () => {
  it("answers in Trackly's error shape: missing records, a bad key, an unknown route and a wrong method", async () => {
    const t = await createTracklyTenant();
    const missing = await post(t.key, "/api/v2/history/revenue", {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: "missing_records" });

    const badKey = await post("trk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/api/v2/history/revenue", { records: seedRecords });
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toEqual({ error: expect.any(String), code: expect.any(String) });

    const unknown = await call("/api/v2/no-such-thing", { headers: { "x-api-key": t.key } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.stringContaining("/api/v2/no-such-thing"), code: "not_found" });

    const wrongMethod = await call("/api/v2/history/revenue", { method: "GET", headers: { "x-api-key": t.key } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(await wrongMethod.json()).toMatchObject({ code: "method_not_allowed" });
  });

  it("documents /api/v2 once, as an alternative server of every /v2 path", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, { servers?: { url: string }[] }> };
    const v2 = Object.keys(doc.paths).filter((p) => p.startsWith("/v2/"));
    expect(v2.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/v2"))).toEqual([]);
    for (const path of v2) expect(doc.paths[path]?.servers?.map((s) => new URL(s.url).pathname)).toEqual(["/", "/api"]);
  });
});
