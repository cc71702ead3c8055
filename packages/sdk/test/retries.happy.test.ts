import { createServer, type Server, type Socket } from "node:net";
import { AuthError, backoffDelayMs, NetworkError, RateLimitError, type RetryInfo, RevenueEdge, TimeoutError } from "@revenue-edge/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, tenant, workerUrl } from "./support/tenant";

// Ports of this file inside the SDK tests' range (8800–8819): nothing listens on the first,
// the second accepts connections and never answers.
const CLOSED_PORT = 8819;
const SILENT_PORT = 8818;

let silent: Server;
const sockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(SILENT_PORT, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("retries", () => {
  it("waits the Retry-After the server sent on 429 and then succeeds", async () => {
    const t = await tenant();
    const limited = await adminClient().admin.createToken(t.siteId, { kind: "secret", rate_limit: { limit: 1, window_seconds: 3 } });
    const retries: RetryInfo[] = [];
    const client = new RevenueEdge({
      baseUrl: workerUrl(),
      token: limited.token,
      siteId: t.siteId,
      maxRetries: 3,
      onRetry: (r) => retries.push(r),
    });

    // One request per 3 s window: within three calls one is refused, waited for, and retried.
    for (let i = 0; i < 3 && retries.length === 0; i++) expect((await client.batch.jobs()).jobs).toEqual([]);

    expect(retries).toHaveLength(1);
    const [retry] = retries;
    expect(retry!.error).toBeInstanceOf(RateLimitError);
    const retryAfter = (retry!.error as RateLimitError).retryAfter!;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect(retry!.delayMs).toBeGreaterThanOrEqual(retryAfter * 1000);
    expect(retry!.delayMs).toBeLessThan(retryAfter * 1000 + 250);
  });

  it("throws RateLimitError with retryAfter and the request id when retries are off, or when Retry-After is longer than allowed", async () => {
    const t = await tenant();
    const limited = await adminClient().admin.createToken(t.siteId, { kind: "secret", rate_limit: { limit: 1, window_seconds: 60 } });
    const retries: RetryInfo[] = [];
    const noRetry = new RevenueEdge({ baseUrl: workerUrl(), token: limited.token, siteId: t.siteId, maxRetries: 0 });
    const impatient = new RevenueEdge({
      baseUrl: workerUrl(),
      token: limited.token,
      siteId: t.siteId,
      maxRetries: 3,
      maxRetryAfterMs: 500,
      onRetry: (r) => retries.push(r),
    });
    await noRetry.batch.jobs();
    for (const client of [noRetry, impatient]) {
      const error = await client.batch.jobs().catch((e) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.status).toBe(429);
      expect(error.retryAfter).toBeGreaterThanOrEqual(1);
      expect(error.requestId).toMatch(/^sdk-/);
    }
    expect(retries).toEqual([]);
  });

  it("retries reads and keyed uploads on network errors, with the same Idempotency-Key on every attempt", async () => {
    const keys: Array<string | null> = [];
    const retries: RetryInfo[] = [];
    const client = new RevenueEdge({
      baseUrl: `http://127.0.0.1:${CLOSED_PORT}`,
      token: "sec_00000000000000000000000000000000",
      siteId: "site_x",
      maxRetries: 2,
      retryBaseDelayMs: 10,
      onRetry: (r) => retries.push(r),
      fetch: (request) => {
        keys.push(request.headers.get("idempotency-key"));
        return fetch(request);
      },
    });
    const readError = await client.batch.status("job_x").catch((e) => e);
    expect(readError).toBeInstanceOf(NetworkError);
    expect(readError.requestId).toMatch(/^sdk-[A-Za-z0-9]{24}$/);
    expect(retries).toHaveLength(2);

    keys.length = 0;
    retries.length = 0;
    await expect(client.batch.upload("RevenueClosedDate\n")).rejects.toBeInstanceOf(NetworkError);
    expect(retries).toHaveLength(2);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^batch-[A-Za-z0-9]{24}$/);
  });

  it("does not retry a pageview after a network error (it could be counted twice), but does retry a revenue event", async () => {
    const retries: RetryInfo[] = [];
    const client = new RevenueEdge({
      baseUrl: `http://127.0.0.1:${CLOSED_PORT}`,
      token: "pub_00000000000000000000000000000000",
      maxRetries: 2,
      retryBaseDelayMs: 10,
      onRetry: (r) => retries.push(r),
    });
    await expect(client.events.pageview({ visitor_fingerprint: "fp", session_id: "s", url: "https://x.example/" })).rejects.toBeInstanceOf(
      NetworkError,
    );
    expect(retries).toHaveLength(0);
    await expect(
      client.events.revenue({ visitor_fingerprint: "fp", session_id: "s", customer_id: "c", amount: 1, transaction_id: "t" }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(retries).toHaveLength(2);
  });

  it("throws TimeoutError when no response comes within timeoutMs, after retrying a read", async () => {
    const retries: RetryInfo[] = [];
    const client = new RevenueEdge({
      baseUrl: `http://127.0.0.1:${SILENT_PORT}`,
      siteId: "site_x",
      token: "sec_00000000000000000000000000000000",
      timeoutMs: 200,
      maxRetries: 1,
      retryBaseDelayMs: 10,
      onRetry: (r) => retries.push(r),
    });
    const error = await client.reporting.summary().catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe("No response within 200 ms");
    expect(error.requestId).toMatch(/^sdk-/);
    expect(retries.map((r) => r.error.name)).toEqual(["TimeoutError"]);
  });

  it("does not retry a request the client has no credential for", async () => {
    const retries: RetryInfo[] = [];
    const client = new RevenueEdge({ baseUrl: workerUrl(), siteId: "site_x", retryBaseDelayMs: 10, onRetry: (r) => retries.push(r) });
    const error = await client.batch.jobs().catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe("This request needs a secret token or OAuth2 client credentials, and none was configured");
    expect(retries).toEqual([]);
  });

  it("backs off with full jitter: uniform below min(cap, base · 2^attempt)", () => {
    const options = { baseDelayMs: 500, maxDelayMs: 20_000 };
    expect([0, 1, 2, 3, 6, 10].map((a) => backoffDelayMs(a, options, () => 0.999999))).toEqual([499, 999, 1999, 3999, 19_999, 19_999]);
    expect(backoffDelayMs(4, options, () => 0)).toBe(0);
  });
});
