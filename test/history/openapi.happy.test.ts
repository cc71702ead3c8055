import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("/openapi.json documents the history surface", () => {
  it("lists every history route with its request and response schemas", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const expected: Array<[string, string]> = [
      ["/v2/history/revenue", "post"],
      ["/v2/history/sends", "post"],
      ["/v2/contacts/bulk", "post"],
      ["/v2/offers/bulk", "post"],
      ["/v2/contacts/{contactId}", "get"],
      ["/v2/contacts", "get"],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op?.responses["200"], `${method} ${path} 200`).toBeDefined();
      expect(op?.responses["401"], `${method} ${path} 401`).toBeDefined();
      if (method === "post") expect(op?.requestBody, `${method} ${path} body`).toBeDefined();
    }
    expect(JSON.stringify(doc.paths["/v2/history/revenue"])).toMatch(/duplicate_record/);
  });
});
