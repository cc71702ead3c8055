import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { GENERATED_FILE, renderOpenApiTypes } from "../scripts/openapi-types.mjs";
import { workerUrl } from "./support/tenant";

describe("the SDK's generated types", () => {
  it("are what openapi-typescript makes of the running Worker's /openapi.json (run `npm run generate -w @revenue-edge/sdk` when this fails)", async () => {
    const res = await fetch(`${workerUrl()}/openapi.json`);
    expect(res.status).toBe(200);
    const expected = await renderOpenApiTypes(await res.json());
    const committed = await readFile(GENERATED_FILE, "utf8");
    expect(committed === expected, "packages/sdk/src/generated/openapi.ts is out of date with the Worker's OpenAPI document").toBe(true);
  });
});
