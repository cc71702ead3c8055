import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

describe("GET /v1/{siteId}/revenue (errors)", () => {
  it.each([
    ["limit=0", "limit"],
    ["limit=1001", "limit"],
    ["from=yesterday", "from"],
    ["source=carrier-pigeon", "source"],
    ["format=xml", "format"],
  ])("refuses ?%s with 400 in the native error shape naming %s", async (query, field) => {
    const t = await createTenant();
    const res = await call(`/v1/${t.site.id}/revenue?${query}`, {
      headers: { authorization: `Bearer ${t.secret}`, "x-request-id": "req-1" },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string; details: Array<{ field: string }> } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.requestId).toBe("req-1");
    expect(body.error.details[0]!.field).toBe(field);
  });

  it("refuses a cursor it did not issue", async () => {
    const t = await createTenant();
    const res = await call(`/v1/${t.site.id}/revenue?cursor=garbage`, { headers: { authorization: `Bearer ${t.secret}` } });
    expect(res.status).toBe(400);
  });
});
