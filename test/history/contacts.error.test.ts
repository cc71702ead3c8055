import { describe, expect, it } from "vitest";
import { createTracklyTenant, get, post, postOk } from "./support";

type ContactsResult = {
  success_count: number;
  error_count: number;
  contacts_created: number;
  errors: { index: number; phone_number: unknown; code: string; error: string }[];
};

describe("POST /v2/contacts/bulk and GET /v2/contacts (errors)", () => {
  it("refuses invalid phone numbers with invalid_phone, naming the contact and echoing the number, and saves the rest", async () => {
    const t = await createTracklyTenant();
    const result = await postOk<ContactsResult>(t.key, "/v2/contacts/bulk", {
      contacts: [
        { phone_number: "555-123-4567" },
        { phone_number: "+12125551234" },
        { phone_number: "442071838750" },
        { phone_number: "not a number" },
        { phone_number: "212-555-1234 ext. 5" },
        { phone_number: true },
      ],
    });
    expect(result).toMatchObject({ success_count: 1, error_count: 5, contacts_created: 1 });
    expect(result.errors.map((e) => [e.index, e.phone_number, e.code])).toEqual([
      [0, "555-123-4567", "invalid_phone"],
      [2, "442071838750", "invalid_phone"],
      [3, "not a number", "invalid_phone"],
      [4, "212-555-1234 ext. 5", "invalid_phone"],
      [5, true, "invalid_phone"],
    ]);
    expect(result.errors[0]?.error).toBe(
      'Contact 0: "555-123-4567" is not a valid phone number (numbers outside the US need their country code, e.g. +44 20 7183 8750)',
    );
    expect(result.errors[3]?.error).toMatch(/extension/);
  });

  it.each([
    ["missing_phone_number", { list_number: "1" }],
    ["missing_phone_number", { phone_number: "" }],
    ["invalid_list_number", { phone_number: "+12125551234", list_number: { n: 1 } }],
    ["invalid_list_number", { phone_number: "+12125551234", list_number: "x".repeat(65) }],
    ["invalid_custom_fields", { phone_number: "+12125551234", custom_fields: ["a"] }],
    ["invalid_custom_fields", { phone_number: "+12125551234", custom_fields: { big: "x".repeat(9000) } }],
    ["invalid_signup_date", { phone_number: "+12125551234", signup_date: "31/01/2025" }],
    ["invalid_signup_date", { phone_number: "+12125551234", signup_date: "2999-01-01" }],
  ])("%s: %j", async (code, contact) => {
    const t = await createTracklyTenant();
    const result = await postOk<ContactsResult>(t.key, "/v2/contacts/bulk", { contacts: [contact] });
    expect(result).toMatchObject({ success_count: 0, error_count: 1, contacts_created: 0, errors: [{ index: 0, code }] });
    expect((await get(t.key, "/v2/contacts?phone_number=%2B12125551234")).status).toBe(404);
  });

  it.each([
    [{}, 400, "missing_contacts"],
    [{ contacts: [] }, 400, "missing_contacts"],
    [{ contacts: "+12125551234" }, 400, "missing_contacts"],
    [{ contacts: Array.from({ length: 1001 }, () => ({ phone_number: "+12125551234" })) }, 413, "too_many_contacts"],
  ])("request error %#", async (body, status, code) => {
    const t = await createTracklyTenant();
    const res = await post(t.key, "/v2/contacts/bulk", body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code, error: expect.any(String) });
    expect((await get(t.key, "/v2/contacts?phone_number=%2B12125551234")).status).toBe(404);
  });

  it("GET /v2/contacts needs a valid phone_number; unknown ids and numbers are contact_not_found", async () => {
    const t = await createTracklyTenant();
    const missing = await get(t.key, "/v2/contacts");
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "The phone_number query parameter is required.", code: "missing_phone_number" });
    const invalid = await get(t.key, "/v2/contacts?phone_number=12");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: "invalid_phone" });
    const unknown = await get(t.key, "/v2/contacts?phone_number=%2B12125551234");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "No contact exists with phone number +12125551234.", code: "contact_not_found" });
    expect((await get(t.key, "/v2/contacts/ct_nope")).status).toBe(404);
  });
});
