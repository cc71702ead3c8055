import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newApp } from "../../src/app";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

// Every body-limited route, with its limit: a declared Content-Length over it is refused with
// 413 before a byte of the body is read (contract §0), before authentication, whatever the body.
const MiB = 1024 * 1024;
const routes: Array<{ method: string; path: string; limit: number; shape: (body: unknown) => void }> = [
  { method: "POST", path: "/api/ingest", limit: 32_768, shape: (b) => expect(b).toHaveProperty("message") },
  { method: "POST", path: "/v2/history/revenue", limit: 5 * MiB, shape: (b) => expect(b).toMatchObject({ code: "payload_too_large" }) },
  { method: "POST", path: "/v2/contacts/bulk", limit: 5 * MiB, shape: (b) => expect(b).toMatchObject({ code: "payload_too_large" }) },
  { method: "POST", path: "/v2/offers/bulk", limit: 5 * MiB, shape: (b) => expect(b).toMatchObject({ code: "payload_too_large" }) },
  { method: "POST", path: "/v2/history/sends", limit: 5 * MiB, shape: (b) => expect(b).toMatchObject({ code: "payload_too_large" }) },
  { method: "PUT", path: "/v1/site_x/revenue/upload", limit: 64 * 1024, shape: (b) => expect(b).toHaveProperty("message") },
  {
    method: "POST",
    path: "/v1/site_x/revenue/upload/batch",
    limit: Number(env.BATCH_MAX_BYTES) + 64 * 1024,
    shape: (b) => expect(b).toHaveProperty("message"),
  },
  {
    method: "POST",
    path: "/v4.1/company/revenue_file_automate.json",
    limit: 2 * MiB + 64 * 1024,
    shape: (b) => expect(b).toMatchObject({ Data: false }),
  },
  { method: "POST", path: "/v4.1/company/revenue_file_automate.xml", limit: 2 * MiB + 64 * 1024, shape: () => {} },
  { method: "POST", path: "/oauth2/token", limit: 8 * 1024, shape: (b) => expect(b).toMatchObject({ error: "invalid_request" }) },
  { method: "POST", path: "/admin/sites", limit: MiB, shape: (b) => expect(b).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } }) },
];

/** A request body that sends one chunk and then never ends (a client still uploading); counts what is read of it. */
function endlessBody() {
  const read = { chunks: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      read.chunks++;
      if (read.chunks === 1) controller.enqueue(new TextEncoder().encode("{"));
      return new Promise(() => {}); // the rest never arrives
    },
  });
  return { stream, read };
}

let tenant: Awaited<ReturnType<typeof createTenant>>;
beforeAll(async () => {
  tenant = await createTenant();
});

/** Valid credentials for the route, so that the body is what is read next. */
function credentials(path: string): Record<string, string> {
  if (path.startsWith("/admin")) return { authorization: `Bearer ${env.ADMIN_TOKEN}` };
  if (path.startsWith("/v2")) return { "x-api-key": tenant.secret };
  if (path.startsWith("/v4.1")) return { authorization: `api_key ${tenant.secret}` };
  if (path.startsWith("/api/ingest")) return { "x-api-token": tenant.secret };
  if (path.startsWith("/oauth2")) return {};
  return { authorization: `Bearer ${tenant.secret}` };
}

describe("body limits before the body", () => {
  for (const route of routes) {
    it(`${route.method} ${route.path}: Content-Length over ${route.limit} bytes → 413 at once, the never-ending body unread`, async () => {
      const { stream, read } = endlessBody();
      const res = await call(route.path, {
        method: route.method,
        headers: { "content-length": String(route.limit + 1), "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      route.shape(await res.json().catch(() => null));
      // Nothing past what the runtime may have buffered ahead of the Worker was asked for.
      expect(read.chunks).toBeLessThanOrEqual(1);
    });
  }

  for (const route of routes) {
    for (const declared of [true, false]) {
      it(`${route.method} ${route.path}: a body that fails while being read${declared ? " (Content-Length given)" : " (chunked)"} → 400, not 500`, async () => {
        // A body whose read fails, as workerd's is when the client stops sending before its
        // Content-Length or sends a malformed chunked encoding ("Network connection lost.").
        // Handed to the app directly: across the Worker's fetch boundary a failing test stream
        // would end early instead of failing.
        let pulls = 0;
        const broken = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulls++;
            if (pulls === 1) controller.enqueue(new TextEncoder().encode('{"a":'));
            else controller.error(new Error("Network connection lost."));
          },
        });
        const multipart = route.path.includes("revenue_file") || route.path.endsWith("/batch");
        const headers: Record<string, string> = {
          ...credentials(route.path),
          "content-type": multipart ? "multipart/form-data; boundary=b" : "application/json",
        };
        if (declared) headers["content-length"] = "100";
        if (route.path === "/oauth2/token") headers["content-type"] = "application/x-www-form-urlencoded";
        const request = new Request(`https://revenue-edge.test${route.path.replace("site_x", tenant.site.id)}`, {
          method: route.method,
          headers,
          body: broken,
          duplex: "half",
        } as RequestInit);
        const res = await newApp().fetch(request, env, createExecutionContext());
        const text = await res.text();
        expect(res.status, text).toBe(400);
        expect(text).not.toContain("Network connection lost");
      });
    }
  }

  it("a Content-Length exactly at the limit is let through to the route (here: 401, the next check)", async () => {
    const res = await call("/api/ingest", { method: "POST", headers: { "content-length": "2" }, body: "{}" });
    expect(res.status).toBe(401);
  });
});
