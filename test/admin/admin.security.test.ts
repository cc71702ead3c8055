import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

describe("admin API (security)", () => {
  it.each([
    ["GET", "/admin/sites"],
    ["POST", "/admin/sites"],
    ["GET", "/admin/sites/site_x/tokens"],
    ["DELETE", "/admin/tokens/tok_x"],
    ["GET", "/admin/dead-letters"],
  ])("refuses %s %s without the admin token", async (method, path) => {
    const res = await call(path, { method, headers: { authorization: "Bearer wrong" } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it("does not accept a site's secret token as an admin token", async () => {
    const t = await createTenant();
    const res = await call("/admin/sites", { headers: { authorization: `Bearer ${t.secret}` } });
    expect(res.status).toBe(401);
  });
});
