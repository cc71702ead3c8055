import { describe, expect, it } from "vitest";
import { callWith, strongSecret } from "../support/deployed";
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

describe("admin token outside local development (security)", () => {
  const committedDefault = "dev-admin-token-change-me";
  const asAdmin = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it("the committed default admin token is refused outside development, even when sent exactly (503 naming ADMIN_TOKEN)", async () => {
    const res = await callWith({ ENVIRONMENT: "production", ADMIN_TOKEN: committedDefault }, "/admin/sites", asAdmin(committedDefault));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).toContain("ADMIN_TOKEN");
    expect(body.error.message).toContain("development default");
  });

  it("an admin token shorter than 32 bytes is refused outside development", async () => {
    const short = "0123456789abcdef0123456789abcde"; // 31 bytes
    const res = await callWith({ ENVIRONMENT: "production", ADMIN_TOKEN: short }, "/admin/sites", asAdmin(short));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("shorter than 32 bytes");
  });

  it("the committed default works where ENVIRONMENT is development", async () => {
    const res = await callWith({ ENVIRONMENT: "development", ADMIN_TOKEN: committedDefault }, "/admin/sites", asAdmin(committedDefault));
    expect(res.status).toBe(200);
  });

  it("a strong admin token works outside development, and anything else is refused whatever its length", async () => {
    const token = strongSecret();
    const vars = { ENVIRONMENT: "production", ADMIN_TOKEN: token };
    expect((await callWith(vars, "/admin/sites", asAdmin(token))).status).toBe(200);
    for (const wrong of [token.slice(0, -1), `${token}x`, token.slice(0, 8), `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`]) {
      expect((await callWith(vars, "/admin/sites", asAdmin(wrong))).status).toBe(401);
    }
    expect((await callWith(vars, "/admin/sites")).status).toBe(401);
  });
});
