import { describe, expect, it } from "vitest";
import { openApiDocument } from "../support/documented-responses";

type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

const METHODS = ["get", "put", "post", "delete", "options", "patch"];

async function operations(): Promise<Array<[string, Operation]>> {
  const doc = (await openApiDocument()) as unknown as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => [`${m.toUpperCase()} ${path}`, item[m]!] as [string, Operation]),
  );
}

/** Operations that take no input and no credentials, so have no client error to answer. */
const NO_CLIENT_ERROR = new Set(["getHealth", "getOpenApiDocument", "getApiDocsPage", "preflightIngestEvent"]);

describe("/openapi.json: every operation is documented for an SDK", () => {
  it("has a unique camelCase operationId, a summary, tags and its security on every operation", async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    const ids = ops.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, op] of ops) {
      expect(op.operationId, name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(op.summary, name).toBeTruthy();
      expect(op.tags?.length, name).toBe(1);
      expect(Array.isArray(op.security), `${name} security`).toBe(true);
    }
  });

  it("documents a success and the client errors of every operation, errors in the surface's named error schema", async () => {
    const errorSchemas = new Set<string>();
    for (const [name, op] of await operations()) {
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith("2")),
        `${name} success`,
      ).toBe(true);
      if (!NO_CLIENT_ERROR.has(op.operationId!))
        expect(
          statuses.some((s) => s.startsWith("4")),
          `${name} 4xx`,
        ).toBe(true);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const content = op.responses[status]!.content ?? {};
        expect(Object.keys(content).length, `${name} ${status} body`).toBeGreaterThan(0);
        for (const media of Object.values(content)) {
          const ref = media.schema?.$ref;
          expect(ref, `${name} ${status} schema`).toMatch(/^#\/components\/schemas\//);
          errorSchemas.add(ref!.split("/").pop()!);
        }
      }
    }
    // One named error body per wire shape: native, Pulsora, Trackly, Ruler, CustomerGauge, OAuth2.
    expect([...errorSchemas].sort()).toEqual(
      [
        "AccountsFailure",
        "BatchError",
        "BatchRefusal",
        "BatchValidationFailure",
        "NativeError",
        "OAuthError",
        "PulsoraError",
        "PulsoraMessage",
        "TracklyError",
      ].sort(),
    );
  });

  it("documents the request body of every write route of the compatible surfaces, multipart, text/plain and form bodies included", async () => {
    const ops = Object.fromEntries(await operations());
    const bodies: Record<string, string[]> = {
      "POST /api/ingest": ["application/json", "text/plain"],
      "POST /v2/contacts/bulk": ["application/json"],
      "POST /v2/offers/bulk": ["application/json"],
      "POST /v2/history/sends": ["application/json"],
      "POST /v2/history/revenue": ["application/json"],
      "POST /v1/{siteId}/revenue/upload/batch": ["multipart/form-data"],
      "PUT /v1/{siteId}/revenue/upload": ["application/json"],
      "POST /v4.1/company/revenue_file_automate.json": ["multipart/form-data"],
      "POST /v4.1/company/revenue_file_automate.xml": ["multipart/form-data"],
      "POST /oauth2/token": ["application/x-www-form-urlencoded"],
    };
    for (const [name, media] of Object.entries(bodies)) {
      const content = ops[name]?.requestBody?.content ?? {};
      expect(Object.keys(content).sort(), name).toEqual([...media].sort());
      for (const m of media) expect(content[m]?.schema, `${name} ${m}`).toBeDefined();
    }
  });
});
