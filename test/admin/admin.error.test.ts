import { describe, expect, it } from "vitest";
import { admin, call } from "../support/http";

type NativeError = { error: { code: string; message: string; details?: Array<{ field: string; message: string }> } };

describe("admin API (errors)", () => {
  it.each([
    [{}, "name"],
    [{ name: "x", default_currency: "ABC" }, "default_currency"],
    [{ name: "x", rate_limit: { limit: 10, window_seconds: 86_401 } }, "rate_limit.window_seconds"],
  ])("refuses site %j naming %s", async (body, field) => {
    const res = await admin("POST", "/admin/sites", body);
    expect(res.status).toBe(400);
    const err = (await res.json()) as NativeError;
    expect(err.error.details![0]!.field).toBe(field);
  });

  it("refuses a prefix that does not match the kind and origins on secret tokens", async () => {
    const site = (await (await admin("POST", "/admin/sites", { name: "S" })).json()) as { id: string };
    const wrongPrefix = await admin("POST", `/admin/sites/${site.id}/tokens`, { kind: "public", prefix: "sec" });
    expect(wrongPrefix.status).toBe(400);
    expect(((await wrongPrefix.json()) as NativeError).error.details![0]!.field).toBe("prefix");
    const origins = await admin("POST", `/admin/sites/${site.id}/tokens`, { kind: "secret", allowed_origins: ["https://a.example"] });
    expect(origins.status).toBe(400);
    const badOrigin = await admin("POST", `/admin/sites/${site.id}/tokens`, {
      kind: "public",
      allowed_origins: ["https://a.example/path"],
    });
    expect(badOrigin.status).toBe(400);
  });

  it("answers 404 for unknown sites and tokens", async () => {
    expect((await admin("GET", "/admin/sites/site_none")).status).toBe(404);
    expect((await admin("POST", "/admin/sites/site_none/tokens", { kind: "secret" })).status).toBe(404);
    expect((await admin("DELETE", "/admin/tokens/tok_none")).status).toBe(404);
    expect((await admin("PATCH", "/admin/tokens/tok_none", { name: "x" })).status).toBe(404);
  });

  it("refuses malformed JSON bodies with 400", async () => {
    const res = await call("/admin/sites", {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
      body: "{",
    });
    expect(res.status).toBe(400);
  });
});

describe("admin API (body limit)", () => {
  it("refuses a body over 1 MiB with 413 and creates nothing", async () => {
    const name = `big ${crypto.randomUUID()}`;
    const res = await call("/admin/sites", {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
      body: JSON.stringify({ name, pad: "x".repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    const list = (await (await admin("GET", "/admin/sites?limit=1000")).json()) as { data: Array<{ name: string }> };
    expect(list.data.some((s) => s.name === name)).toBe(false);
  });
});
