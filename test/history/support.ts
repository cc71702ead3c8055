import { expect } from "vitest";
import type { ContactView } from "../../src/surfaces/history/contact-view";
import { createSite, createToken } from "../support/fixtures";
import { call, json } from "../support/http";

/** A site with a Trackly-style secret token (`trk_…`), as a Trackly integration would hold. */
export async function createTracklyTenant(options: { default_currency?: string } = {}) {
  const site = await createSite(options);
  const token = await createToken(site.id, { kind: "secret", prefix: "trk" });
  expect(token.token).toMatch(/^trk_[A-Za-z0-9]{32}$/);
  return { site, key: token.token, tokenId: token.id };
}

export function post(key: string, path: string, body: unknown): Promise<Response> {
  return json("POST", path, body, { "x-api-key": key });
}

export function get(key: string, path: string): Promise<Response> {
  return call(path, { headers: { "x-api-key": key } });
}

export async function postOk<T = Record<string, unknown>>(key: string, path: string, body: unknown): Promise<T> {
  const res = await post(key, path, body);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as T;
}

export type ImportResult = {
  success_count: number;
  error_count: number;
  total_revenue: number;
  errors: { index: number; code: string; error: string }[];
};

export function importRevenue(key: string, records: unknown[]): Promise<ImportResult> {
  return postOk<ImportResult>(key, "/v2/history/revenue", { records });
}

/** The contact as the API shows it. */
export type Contact = ContactView;

export async function contactByPhone(key: string, phone: string): Promise<Contact> {
  const res = await get(key, `/v2/contacts?phone_number=${encodeURIComponent(phone)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Contact;
}

/** The seed's three records (docs example): 24.99 + 12.50 + 8.75 = 46.24. */
export const seedRecords = [
  {
    message_id: "a1b2c3d4",
    offer_id: "offer_123",
    revenue: 24.99,
    payout: 5.0,
    attribution_type: "sale",
    timestamp: "2025-11-15T16:00:00Z",
  },
  { message_id: "e5f6g7h8", offer_id: "offer_456", revenue: 12.5, timestamp: "2025-11-15T17:30:00Z" },
  { message_id: "i9j0k1l2", offer_id: "offer_123", revenue: 8.75, attribution_type: "migration" },
];

export const ALICE = "+12125551234";
export const BOB = "+13125550188";

/**
 * What the seed's records attach to: two contacts, the two offers, and three sends
 * (a1b2c3d4 and e5f6g7h8 to Alice, i9j0k1l2 to Bob).
 */
export async function seedHistory(key: string): Promise<void> {
  await postOk(key, "/v2/contacts/bulk", { contacts: [{ phone_number: "(212) 555-1234" }, { phone_number: "312-555-0188" }] });
  await postOk(key, "/v2/offers/bulk", { offers: [{ offer_id: "offer_123", name: "Spring sale", payout: 5 }, { offer_id: "offer_456" }] });
  await postOk(key, "/v2/history/sends", {
    sends: [
      { message_id: "a1b2c3d4", phone_number: ALICE, offer_id: "offer_123", sent_at: "2025-11-15T15:00:00Z" },
      { message_id: "e5f6g7h8", phone_number: ALICE, offer_id: "offer_456", sent_at: "2025-11-15T15:05:00Z" },
      { message_id: "i9j0k1l2", phone_number: BOB },
    ],
  });
}

/** `count` contacts, each with one message on one offer, ready for `count` distinct valid records. */
export async function seedMany(key: string, count: number, prefix = "m"): Promise<void> {
  const phone = (i: number) => `+1212555${String(i).padStart(4, "0")}`;
  await postOk(key, "/v2/contacts/bulk", { contacts: Array.from({ length: count }, (_, i) => ({ phone_number: phone(i) })) });
  await postOk(key, "/v2/offers/bulk", { offers: [{ offer_id: "bulk_offer" }] });
  await postOk(key, "/v2/history/sends", {
    sends: Array.from({ length: count }, (_, i) => ({ message_id: `${prefix}${i}`, phone_number: phone(i), offer_id: "bulk_offer" })),
  });
}
