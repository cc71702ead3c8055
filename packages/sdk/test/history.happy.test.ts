import { type HistoryRevenueRecord, NotFoundError } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { tenant } from "./support/tenant";

async function seeded() {
  const t = await tenant();
  const client = t.client({ token: t.trk });
  const contacts = await client.history.importContacts([
    { phone_number: "(212) 555-1234", list_number: "12345", custom_fields: { first_name: "Ada" } },
    { phone_number: "+1 312 555 0188" },
    { phone_number: "555-123-4567" },
  ]);
  const offers = await client.history.importOffers([{ offer_id: "offer_123", name: "Spring sale", payout: 5 }, { offer_id: "offer_456" }]);
  const sends = await client.history.importSends([
    { message_id: "m1", phone_number: "+12125551234", offer_id: "offer_123" },
    { message_id: "m2", phone_number: "+13125550188", offer_id: "offer_456" },
  ]);
  return { t, client, contacts, offers, sends };
}

describe("client.history", () => {
  it("imports contacts, offers and sends, and finds a contact by phone number and by id", async () => {
    const { client, contacts, offers, sends } = await seeded();
    expect(contacts).toMatchObject({ success_count: 2, error_count: 1, contacts_created: 2, chunks: 1 });
    expect(contacts.errors).toEqual([expect.objectContaining({ index: 2, code: "invalid_phone" })]);
    expect(offers).toMatchObject({ success_count: 2, error_count: 0, offers_created: 2, offers_updated: 0 });
    expect(sends).toMatchObject({ success_count: 2, error_count: 0, duplicates_skipped: 0 });

    const byPhone = await client.history.findContact("(212) 555-1234");
    expect(byPhone).toMatchObject({ phone_number: "+12125551234", list_number: "12345", custom_fields: { first_name: "Ada" } });
    expect(await client.history.getContact(byPhone.id)).toEqual(byPhone);
    await expect(client.history.findContact("+13125550100")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("imports 10,000 revenue records in 10 requests, with every error's index in the caller's array and an exact total", async () => {
    const { client } = await seeded();
    const base = Date.UTC(2025, 0, 1);
    const records: HistoryRevenueRecord[] = Array.from({ length: 10_000 }, (_, i) => ({
      message_id: i % 2 === 0 ? "m1" : "m2",
      offer_id: i % 2 === 0 ? "offer_123" : "offer_456",
      revenue: 1.01,
      timestamp: new Date(base + i * 1000).toISOString(),
    }));
    records[1234] = { ...records[1234]!, revenue: -1 };
    records[5000] = { ...records[5000]!, offer_id: "offer_unknown" };
    records[9999] = { ...records[9999]!, message_id: "" };
    const progress: number[] = [];

    const result = await client.history.importRevenue(records, { onProgress: (done) => progress.push(done) });

    expect(result).toMatchObject({
      success_count: 9_997,
      error_count: 3,
      chunks: 10,
      errors_listed_complete: true,
      total_revenue: 10_096.97,
      total_revenue_text: "10096.97",
    });
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [1234, "invalid_revenue"],
      [5000, "offer_not_found"],
      [9999, "missing_message_id"],
    ]);
    expect(progress).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
    const contact = await client.history.findContact("+12125551234");
    expect(contact.conversion_count).toBe(4_998); // even indexes, less 1234 and 5000
    expect(contact.revenue_total).toBe(5_047.98);

    // The same records again: every valid one is now a duplicate. The server lists at most 100
    // errors per request, so the merged list says it is incomplete while the counts are exact.
    const again = await client.history.importRevenue(records);
    expect(again).toMatchObject({ success_count: 0, error_count: 10_000, total_revenue_text: "0", errors_listed_complete: false });
    expect(again.errors.length).toBe(1_000);
    expect(again.errors[100]).toMatchObject({ index: 1_000, code: "duplicate_record" });
  });

  it("sends each chunk with its own Idempotency-Key", async () => {
    const t = await tenant();
    const keys: Array<string | null> = [];
    const client = t.client({
      token: t.trk,
      fetch: (request) => {
        keys.push(request.headers.get("idempotency-key"));
        return fetch(request);
      },
    });
    const result = await client.history.importOffers(
      Array.from({ length: 5 }, (_, i) => ({ offer_id: `o${i}` })),
      { chunkSize: 2 },
    );
    expect(result).toMatchObject({ success_count: 5, chunks: 3 });
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^hist-of-[A-Za-z0-9]{24}$/);
  });
});
