import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { get, putRecord, record } from "./support/batch-api";

describe("PUT /v1/{siteId}/revenue/upload", () => {
  it("stores one record (201) in the ledger, source single, exact amount", async () => {
    const t = await createTenant();
    const res = await putRecord(t.site.id, t.secret, record);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string };
    expect(body).toEqual({
      id: expect.stringMatching(/^rev_/),
      Reference: "INV-1",
      RevenueClosedDate: "2024-01-31T14:30:00.0000000Z",
      CurrencyCode: "GBP",
      Value: "1499.99",
    });
    const list = (await (await get(`/v1/${t.site.id}/revenue?source=single`, t.secret)).json()) as { data: Array<Record<string, unknown>> };
    expect(list.data).toEqual([
      expect.objectContaining({
        id: body.id,
        source: "single",
        external_id: "INV-1",
        amount: "1499.99",
        amount_minor: 149999,
        currency: "GBP",
        occurred_at: "2024-01-31T14:30:00.000Z",
        labels: ["Deal", "Inbound"],
        metadata: {
          revenue_closed_date: "2024-01-31T14:30:00.0000000Z",
          lead_date: "2024-01-02T00:00:00.0000000Z",
          visitor_identifiers: { EmailAddress: "jane@example.com", CookieValue: "ck-1" },
          additional_data: [{ name: "Source", value: "Google" }],
        },
        job_id: null,
      }),
    ]);
  });

  it("accepts Value as a JSON number, read from its decimal text", async () => {
    const t = await createTenant();
    const res = await putRecord(t.site.id, t.secret, { ...record, Value: 24.99, CurrencyCode: "USD" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { Value: string }).Value).toBe("24.99");
  });

  it("the same Reference and RevenueClosedDate again → 409, nothing more stored", async () => {
    const t = await createTenant();
    expect((await putRecord(t.site.id, t.secret, record)).status).toBe(201);
    // The same instant written another way is the same record.
    const again = await putRecord(t.site.id, t.secret, { ...record, RevenueClosedDate: "2024-01-31T14:30:00.000", Value: "1" });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      message: 'A record with Reference "INV-1" and RevenueClosedDate 2024-01-31T14:30:00.0000000Z is already stored for this site',
    });
    const list = (await (await get(`/v1/${t.site.id}/revenue`, t.secret)).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(1);
  });
});
