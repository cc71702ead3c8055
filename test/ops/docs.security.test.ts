import { describe, expect, it } from "vitest";
import { call } from "../support/http";

/** The URLs a page loads: src and href attributes. */
const referencesOf = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);

describe("GET /docs serves its documentation UI from this Worker (security)", () => {
  it("the page loads nothing from another origin, and its policy forbids it", async () => {
    const page = await call("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
    const refs = referencesOf(html);
    expect(refs).toEqual(["/docs/swagger-ui/swagger-ui.css", "/docs/swagger-ui/swagger-ui-bundle.js", "/docs/init.js"]);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it("every file the page loads is served by the Worker's own assets", async () => {
    const html = await (await call("/docs")).text();
    for (const ref of referencesOf(html)) {
      const res = await call(ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get("content-type"), ref).toMatch(ref.endsWith(".css") ? /^text\/css/ : /javascript/);
      expect((await res.arrayBuffer()).byteLength, ref).toBeGreaterThan(ref.endsWith("init.js") ? 100 : 100_000);
    }
  });

  it("the start script renders /openapi.json and calls no outside validator", async () => {
    const init = await (await call("/docs/init.js")).text();
    expect(init).toContain('url: "/openapi.json"');
    expect(init).toContain("validatorUrl: null");
    expect(init).not.toMatch(/https?:\/\//);
    expect((await call("/openapi.json")).status).toBe(200);
  });

  it("the bundled Swagger UI is the vendored release, with its licence", async () => {
    const version = await (await call("/docs/swagger-ui/VERSION")).text();
    expect(version).toMatch(/^swagger-ui-dist \d+\.\d+\.\d+ /);
    expect((await call("/docs/swagger-ui/LICENSE")).status).toBe(200);
  });
});
