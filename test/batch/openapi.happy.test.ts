import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("batch surface in /openapi.json", () => {
  it("documents every route of the surface", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/{siteId}/revenue/upload/batch"] ?? {})).toContain("post");
    expect(Object.keys(doc.paths["/v1/{siteId}/batch/{jobId}/status"] ?? {})).toContain("get");
    expect(Object.keys(doc.paths["/v1/{siteId}/batch/{jobId}/failures"] ?? {})).toContain("get");
    expect(Object.keys(doc.paths["/v1/{siteId}/batch/jobs"] ?? {})).toContain("get");
    expect(Object.keys(doc.paths["/v1/{siteId}/revenue/template"] ?? {})).toContain("get");
    expect(Object.keys(doc.paths["/v1/{siteId}/revenue/upload"] ?? {})).toContain("put");
  });
});
