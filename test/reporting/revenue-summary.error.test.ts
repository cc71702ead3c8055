import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

describe("GET /v1/{siteId}/revenue/summary (errors and security)", () => {
  it.each([
    ["interval=year", "interval"],
    ["group_by=customer", "group_by"],
    ["from=2026-13-01", "from"],
    ["to=2026-02-30", "to"],
    ["from=2026-01-01T25:00:00Z", "from"],
  ])("refuses ?%s naming %s", async (q, field) => {
    const t = await createTenant();
    const res = await call(`/v1/${t.site.id}/revenue/summary?${q}`, { headers: { authorization: `Bearer ${t.secret}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]!.field).toBe(field);
  });

  it("refuses another site's token", async () => {
    const a = await createTenant();
    const b = await createTenant();
    expect((await call(`/v1/${a.site.id}/revenue/summary`, { headers: { authorization: `Bearer ${b.secret}` } })).status).toBe(403);
  });
});
