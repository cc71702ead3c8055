import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { type Contact, contactByPhone, createTracklyTenant, get, postOk } from "./support";

type ContactsResult = { success_count: number; error_count: number; contacts_created: number; errors: unknown[] };

describe("POST /v2/contacts/bulk and GET /v2/contacts (happy)", () => {
  it("creates contacts with numbers normalised to E.164 and shows them by id and by phone number", async () => {
    const t = await createTracklyTenant();
    const result = await postOk<ContactsResult>(t.key, "/v2/contacts/bulk", {
      contacts: [
        {
          phone_number: "(212) 555-1234",
          list_number: "12345",
          custom_fields: { first_name: "Ada", vip: true },
          signup_date: "2025-01-31",
        },
        { phone_number: "+44 20 7183 8750", list_number: 777 },
      ],
    });
    expect(result).toEqual({ success_count: 2, error_count: 0, contacts_created: 2, errors: [] });

    const ada = await contactByPhone(t.key, "+12125551234");
    expect(ada).toEqual({
      id: expect.stringMatching(/^ct_/),
      phone_number: "+12125551234",
      list_number: "12345",
      custom_fields: { first_name: "Ada", vip: true },
      signup_date: "2025-01-31T00:00:00.000Z",
      revenue_total: 0,
      conversion_count: 0,
      last_revenue_at: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const byId = await get(t.key, `/v2/contacts/${ada.id}`);
    expect(byId.status).toBe(200);
    expect(await byId.json()).toEqual(ada);

    expect(await contactByPhone(t.key, "+442071838750")).toMatchObject({ list_number: "777", custom_fields: {}, signup_date: null });
  });

  it("finds a contact whatever format the query spells the number in (and with an unencoded +)", async () => {
    const t = await createTracklyTenant();
    await postOk(t.key, "/v2/contacts/bulk", { contacts: [{ phone_number: "+44 20 7183 8750" }, { phone_number: "2125551234" }] });
    for (const q of ["2125551234", "(212)%20555-1234", "%2B1-212-555-1234", "+12125551234", "1%20212%20555%201234"]) {
      const res = await get(t.key, `/v2/contacts?phone_number=${q}`);
      expect(res.status, q).toBe(200);
      expect(((await res.json()) as Contact).phone_number).toBe("+12125551234");
    }
    // A literal "+" decodes to a space in a query string; a UK number still resolves.
    const uk = await call("/v2/contacts?phone_number=+442071838750", { headers: { "x-api-key": t.key } });
    expect(((await uk.json()) as Contact).phone_number).toBe("+442071838750");
  });

  it("updates an existing contact: fields sent replace, fields left out stay, custom fields merge", async () => {
    const t = await createTracklyTenant();
    await postOk(t.key, "/v2/contacts/bulk", {
      contacts: [{ phone_number: "+12125551234", list_number: "1", custom_fields: { a: 1, b: 2 }, signup_date: "2025-01-01" }],
    });
    const first = await contactByPhone(t.key, "+12125551234");
    const result = await postOk<ContactsResult>(t.key, "/v2/contacts/bulk", {
      contacts: [{ phone_number: "212.555.1234", custom_fields: { b: null, c: 3 } }, { phone_number: "+13125550188" }],
    });
    expect(result).toMatchObject({ success_count: 2, contacts_created: 1 });
    const updated = await contactByPhone(t.key, "+12125551234");
    expect(updated).toEqual({ ...first, custom_fields: { a: 1, c: 3 } });
  });

  it("merges repeats of one number within a request into one contact", async () => {
    const t = await createTracklyTenant();
    const result = await postOk<ContactsResult>(t.key, "/v2/contacts/bulk", {
      contacts: [
        { phone_number: "+12125551234", list_number: "1", custom_fields: { a: 1 } },
        { phone_number: "(212) 555-1234", list_number: "2", custom_fields: { b: 2 } },
      ],
    });
    expect(result).toMatchObject({ success_count: 2, error_count: 0, contacts_created: 1 });
    expect(await contactByPhone(t.key, "+12125551234")).toMatchObject({ list_number: "2", custom_fields: { a: 1, b: 2 } });
  });

  it("creates 1,000 contacts in one request", async () => {
    const t = await createTracklyTenant();
    const contacts = Array.from({ length: 1000 }, (_, i) => ({
      phone_number: `+1212555${String(i).padStart(4, "0")}`,
      custom_fields: { i },
    }));
    expect(await postOk<ContactsResult>(t.key, "/v2/contacts/bulk", { contacts })).toMatchObject({
      success_count: 1000,
      contacts_created: 1000,
    });
    expect(await contactByPhone(t.key, "+12125550999")).toMatchObject({ custom_fields: { i: 999 } });
  });
});
