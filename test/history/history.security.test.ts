import { describe, expect, it } from "vitest";
import { createToken } from "../support/fixtures";
import { admin, call } from "../support/http";
import {
  ALICE,
  type Contact,
  contactByPhone,
  createTracklyTenant,
  get,
  importRevenue,
  post,
  postOk,
  seedHistory,
  seedRecords,
} from "./support";

const routes: Array<[string, string, unknown]> = [
  ["POST", "/v2/history/revenue", { records: seedRecords }],
  ["POST", "/v2/history/sends", { sends: [{ message_id: "m", phone_number: ALICE }] }],
  ["POST", "/v2/contacts/bulk", { contacts: [{ phone_number: ALICE }] }],
  ["POST", "/v2/offers/bulk", { offers: [{ offer_id: "o" }] }],
  ["GET", "/v2/contacts/ct_x", undefined],
  ["GET", `/v2/contacts?phone_number=${encodeURIComponent(ALICE)}`, undefined],
];

function send(method: string, path: string, body: unknown, headers: Record<string, string>) {
  return call(
    path,
    body === undefined
      ? { method, headers }
      : { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) },
  );
}

describe("history routes: credentials", () => {
  it.each(routes)("%s %s without a key -> 401 {error, code}", async (method, path, body) => {
    const res = await send(method, path, body, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Invalid API token", code: "unauthorized" });
  });

  it.each(routes)("%s %s with a malformed or unknown key -> 401", async (method, path, body) => {
    expect((await send(method, path, body, { "x-api-key": "trk_your_api_key_here" })).status).toBe(401);
    expect((await send(method, path, body, { "x-api-key": `trk_${"a".repeat(32)}` })).status).toBe(401);
  });

  it.each(routes)("%s %s with a public token -> 403", async (method, path, body) => {
    const t = await createTracklyTenant();
    const pub = await createToken(t.site.id, { kind: "public" });
    const res = await send(method, path, body, { "x-api-key": pub.token });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden" });
  });

  it("a revoked key stops working", async () => {
    const t = await createTracklyTenant();
    expect((await post(t.key, "/v2/offers/bulk", { offers: [{ offer_id: "o" }] })).status).toBe(200);
    expect((await admin("DELETE", `/admin/tokens/${t.tokenId}`)).status).toBe(204);
    expect((await post(t.key, "/v2/offers/bulk", { offers: [{ offer_id: "o" }] })).status).toBe(401);
  });

  it("sends rate-limit headers, and 429 with Retry-After over the limit", async () => {
    const t = await createTracklyTenant();
    const limited = await createToken(t.site.id, { kind: "secret", prefix: "trk", rate_limit: { limit: 2, window_seconds: 60 } });
    const first = await get(limited.token, "/v2/contacts/ct_none");
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    await get(limited.token, "/v2/contacts/ct_none");
    const refused = await get(limited.token, "/v2/contacts/ct_none");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: "rate_limited" });
  });
});

describe("history routes: one site's key never reaches another site's data", () => {
  it("cannot see another site's contacts, by id or by phone number", async () => {
    const a = await createTracklyTenant();
    const b = await createTracklyTenant();
    await seedHistory(a.key);
    const alice = await contactByPhone(a.key, ALICE);

    const byId = await get(b.key, `/v2/contacts/${alice.id}`);
    expect(byId.status).toBe(404);
    expect(await byId.json()).toEqual({ error: `No contact exists with id "${alice.id}".`, code: "contact_not_found" });
    const byPhone = await get(b.key, `/v2/contacts?phone_number=${encodeURIComponent(ALICE)}`);
    expect(byPhone.status).toBe(404);
    expect(await byPhone.json()).toMatchObject({ code: "contact_not_found" });
  });

  it("cannot attach sends to another site's offers, nor import revenue against its messages or offers", async () => {
    const a = await createTracklyTenant();
    const b = await createTracklyTenant();
    await seedHistory(a.key);

    const sends = await postOk(b.key, "/v2/history/sends", { sends: [{ message_id: "b1", phone_number: ALICE, offer_id: "offer_123" }] });
    expect(sends).toMatchObject({ success_count: 0, error_count: 1, errors: [{ index: 0, code: "offer_not_found" }] });

    // B has the same message id / offer id spelled in its own namespace only if it creates them.
    const revenue = await importRevenue(b.key, seedRecords);
    expect(revenue.success_count).toBe(0);
    expect(revenue.errors.map((e) => e.code)).toEqual(["message_not_found", "message_not_found", "message_not_found"]);

    // B's own message to A's contact's phone number does not reach A's contact.
    await postOk(b.key, "/v2/offers/bulk", { offers: [{ offer_id: "offer_123" }] });
    await postOk(b.key, "/v2/history/sends", { sends: [{ message_id: "a1b2c3d4", phone_number: ALICE, offer_id: "offer_123" }] });
    const attempt = await importRevenue(b.key, [seedRecords[0]]);
    expect(attempt.errors.map((e) => e.code)).toEqual(["contact_not_found"]);
    expect(await contactByPhone(a.key, ALICE)).toMatchObject({ revenue_total: 0, conversion_count: 0 });
  });

  it("keeps identical ids of two sites apart: each site's import moves only its own contact", async () => {
    const a = await createTracklyTenant();
    const b = await createTracklyTenant();
    await seedHistory(a.key);
    await seedHistory(b.key);
    expect(await importRevenue(a.key, seedRecords)).toMatchObject({ success_count: 3, total_revenue: 46.24 });
    // The same records are not duplicates for another site.
    expect(await importRevenue(b.key, seedRecords.slice(0, 1))).toMatchObject({ success_count: 1, total_revenue: 24.99 });
    const aliceA = await contactByPhone(a.key, ALICE);
    const aliceB: Contact = await contactByPhone(b.key, ALICE);
    expect(aliceA.id).not.toBe(aliceB.id);
    expect([aliceA.revenue_total, aliceB.revenue_total]).toEqual([37.49, 24.99]);
  });
});

describe("the benchmark baseline route", () => {
  it("does not exist in the production Worker (only in the bench Worker of bench:history): 404, nothing written", async () => {
    const t = await createTracklyTenant();
    const res = await post(t.key, "/__bench/history-baseline", { records: seedRecords });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const doc = await (await call("/openapi.json")).text();
    expect(doc).not.toMatch(/__bench/);
  });
});
