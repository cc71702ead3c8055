import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("operations", () => {
  it("answers /healthz without auth", async () => {
    const res = await call("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("serves an OpenAPI 3.1 document of the routes and a page that renders it", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/ingest",
        "/v1/{siteId}/revenue",
        "/admin/sites",
        "/admin/sites/{siteId}/tokens",
        "/admin/tokens/{tokenId}",
        "/healthz",
      ]),
    );
    expect(doc.paths["/api/ingest"]).toHaveProperty("post");
    const page = await call("/docs");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/docs/init.js");
  });

  it("answers unknown routes with 404 and wrong methods with 405 in the surface's error shape", async () => {
    const native = await call("/nope", { headers: { "x-request-id": "abc" } });
    expect(native.status).toBe(404);
    expect(await native.json()).toEqual({ error: { code: "NOT_FOUND", message: "No route for GET /nope", requestId: "abc" } });

    const wrong = await call("/healthz", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("GET");
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("METHOD_NOT_ALLOWED");
  });
});
