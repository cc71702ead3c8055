import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("web analytics routes in /openapi.json", () => {
  it("documents each endpoint with its operationId, security and every error response", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId?: string; security?: unknown[]; responses: Record<string, unknown> }>>;
    };
    const expected: Array<[string, string]> = [
      ["/v1/{siteId}/analytics/summary", "getAnalyticsSummary"],
      ["/v1/{siteId}/analytics/breakdown", "getAnalyticsBreakdown"],
      ["/v1/{siteId}/events", "listWebEvents"],
      ["/v1/{siteId}/revenue/attribution", "getRevenueAttribution"],
    ];
    for (const [path, operationId] of expected) {
      const op = doc.paths[path]?.get;
      expect(op?.operationId, path).toBe(operationId);
      expect(op?.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(op?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "404", "429", "500", "503"]);
    }
  });
});
