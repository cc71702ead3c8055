import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("account-file and OAuth2 routes in /openapi.json", () => {
  it("documents every route of the surface", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const expected: [string, string][] = [
      ["/v4.1/company/revenue_file_automate.json", "post"],
      ["/v4.1/company/revenue_file_automate.xml", "post"],
      ["/v4.1/company/{account}/revenue", "get"],
      ["/v4.1/company/{account}/revenue.json", "get"],
      ["/v4.1/company/{account}/revenue.xml", "get"],
      ["/oauth2/token", "post"],
      ["/admin/sites/{siteId}/oauth-clients", "post"],
      ["/admin/sites/{siteId}/oauth-clients", "get"],
      ["/admin/oauth-clients/{clientId}", "delete"],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.components.securitySchemes).toHaveProperty("accountApiKey");
    expect(doc.components.securitySchemes).toHaveProperty("clientBasic");
  });
});
