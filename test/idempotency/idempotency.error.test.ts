import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { validCsv } from "../batch/revenue-csv-fixtures";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { countRows, jobsOf, multipartBody, newKey, postJson, uploadBatch } from "./support";

const REUSED =
  "This Idempotency-Key was already used with a different request (method, path, query or body); use a new key for a new request.";
const IN_USE = "A request with this Idempotency-Key is still being processed; retry after it has finished.";

describe("Idempotency-Key: refusals", () => {
  it("the same key with a different file → 422 in the Ruler shape, and no second job", async () => {
    const t = await createTenant();
    const key = newKey();
    expect((await uploadBatch(t.site.id, t.secret, validCsv(3), key)).status).toBe(202);
    const other = await uploadBatch(t.site.id, t.secret, validCsv(3, 100), key);
    expect(other.status).toBe(422);
    expect(await other.json()).toEqual({ message: REUSED });
    expect(await jobsOf(t.site.id)).toBe(1);
  });

  it("the same key with a different body or on another route → 422 in each surface's shape, nothing stored", async () => {
    const t = await createTenant();
    const history = { "x-api-key": t.secret };
    const key = newKey();
    expect((await postJson("/v2/offers/bulk", { offers: [{ offer_id: "o1" }] }, history, key)).status).toBe(200);
    const changed = await postJson("/v2/offers/bulk", { offers: [{ offer_id: "o2" }] }, history, key);
    expect(changed.status).toBe(422);
    expect(await changed.json()).toEqual({ error: REUSED, code: "idempotency_key_reused" });
    const elsewhere = await postJson("/v2/contacts/bulk", { contacts: [{ phone_number: "+12125551234" }] }, history, key);
    expect(elsewhere.status).toBe(422);
    expect(await countRows("SELECT count(*) AS n FROM offers WHERE site_id = ?1", t.site.id)).toBe(1);
    expect(await countRows("SELECT count(*) AS n FROM contacts WHERE site_id = ?1", t.site.id)).toBe(0);

    const accountsKey = newKey();
    const send = (content: string, format = "json") => {
      const { body, contentType } = multipartBody(content, undefined, "a.csv");
      return call(`/v4.1/company/revenue_file_automate.${format}`, {
        method: "POST",
        headers: { authorization: `api_key ${t.secret}`, "content-type": contentType, "idempotency-key": accountsKey },
        body,
      });
    };
    expect((await send("Acme,1200,2016-01-01,2016-12-31,ARR\n")).status).toBe(200);
    const accounts = await send("Acme,2400,2016-01-01,2016-12-31,ARR\n");
    expect(accounts.status).toBe(422);
    expect(await accounts.json()).toEqual({ Data: false, Errors: [{ record: null, field: null, message: REUSED }] });
    expect((await send("Acme,1200,2016-01-01,2016-12-31,ARR\n", "xml")).status).toBe(422);

    const adminKey = newKey();
    const auth = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
    expect((await postJson("/admin/sites", { name: "a" }, auth, adminKey)).status).toBe(201);
    const admin = await postJson("/admin/sites", { name: "b" }, auth, adminKey);
    expect(admin.status).toBe(422);
    const body = (await admin.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", message: REUSED });
    expect(body.error.requestId).toBe(admin.headers.get("x-request-id"));
  });

  it("a second request with the key while the first is still running → 409 with Retry-After; the first then completes and is replayed", async () => {
    const t = await createTenant();
    const key = newKey();
    const boundary = "held-boundary";
    const { body, contentType } = multipartBody(validCsv(50), boundary);
    const bytes = new TextEncoder().encode(body);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const held = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.slice(0, 200));
        await released;
        controller.enqueue(bytes.slice(200));
        controller.close();
      },
    });
    const first = call(`/v1/${t.site.id}/revenue/upload/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.secret}`, "content-type": contentType, "idempotency-key": key },
      body: held,
      duplex: "half",
    } as RequestInit);
    await vi.waitUntil(
      () => countRows("SELECT count(*) AS n FROM idempotency_keys WHERE scope = ?1 AND state = 'running'", `site:${t.site.id}`),
      {
        timeout: 10_000,
        interval: 20,
      },
    );

    const second = await uploadBatch(t.site.id, t.secret, validCsv(50), key, boundary);
    expect(second.status).toBe(409);
    expect(second.headers.get("retry-after")).toBe("1");
    expect(await second.json()).toEqual({ message: IN_USE });

    release();
    const done = await first;
    expect(done.status).toBe(202);
    const { jobId } = (await done.json()) as { jobId: string };
    const third = await uploadBatch(t.site.id, t.secret, validCsv(50), key);
    expect(third.status).toBe(202);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
    expect(((await third.json()) as { jobId: string }).jobId).toBe(jobId);
    expect(await jobsOf(t.site.id)).toBe(1);
  });

  it("two identical requests sent at once with one key run once: one 202, the other its replay or a 409", async () => {
    const t = await createTenant();
    const key = newKey();
    const text = validCsv(200);
    const responses = await Promise.all([uploadBatch(t.site.id, t.secret, text, key), uploadBatch(t.site.id, t.secret, text, key)]);
    const statuses = responses.map((r) => r.status).sort();
    expect([
      [202, 202],
      [202, 409],
    ]).toContainEqual(statuses);
    const jobIds = new Set<string>();
    for (const r of responses) if (r.status === 202) jobIds.add(((await r.json()) as { jobId: string }).jobId);
    expect(jobIds.size).toBe(1);
    expect(await jobsOf(t.site.id)).toBe(1);
  });

  it("a malformed key → 400 naming the header, nothing stored", async () => {
    const t = await createTenant();
    for (const key of ["x".repeat(256), "clé-é"]) {
      const res = await call(`/v2/offers/bulk`, {
        method: "POST",
        headers: { "x-api-key": t.secret, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ offers: [{ offer_id: "o1" }] }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: "The Idempotency-Key header must be 1 to 255 printable ASCII characters.",
        code: "invalid_idempotency_key",
      });
    }
    expect(await countRows("SELECT count(*) AS n FROM offers WHERE site_id = ?1", t.site.id)).toBe(0);
  });

  it("is documented on every operation that takes it, with its 409 and 422", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>;
    };
    const expected: Array<[string, string]> = [
      ["/v1/{siteId}/revenue/upload/batch", "post"],
      ["/v1/{siteId}/revenue/upload", "put"],
      ["/v4.1/company/revenue_file_automate.json", "post"],
      ["/v4.1/company/revenue_file_automate.xml", "post"],
      ["/v2/history/revenue", "post"],
      ["/v2/contacts/bulk", "post"],
      ["/v2/offers/bulk", "post"],
      ["/v2/history/sends", "post"],
      ["/admin/sites", "post"],
      ["/admin/sites/{siteId}/tokens", "post"],
      ["/admin/sites/{siteId}/oauth-clients", "post"],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(
        op!.parameters?.some((p) => p.name === "Idempotency-Key" && p.in === "header"),
        `${method} ${path}`,
      ).toBe(true);
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(["409", "422"]));
    }
  });
});
