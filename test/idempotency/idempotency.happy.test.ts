import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { validCsv } from "../batch/revenue-csv-fixtures";
import { finishedJob } from "../batch/support/batch-api";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { countRows, jobsOf, multipartBody, newKey, postJson, uploadBatch } from "./support";

const adminAuth = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}` });

/** Sends the same request twice with one key; the second must be the first response again. */
async function sameTwice(send: () => Promise<Response>) {
  const first = await send();
  const firstBody = await first.text();
  const second = await send();
  const secondBody = await second.text();
  expect(second.status).toBe(first.status);
  expect(secondBody).toBe(firstBody);
  expect(second.headers.get("content-type")).toBe(first.headers.get("content-type"));
  expect(first.headers.get("idempotent-replayed")).toBeNull();
  expect(second.headers.get("idempotent-replayed")).toBe("true");
  expect(second.headers.get("original-request-id")).toBe(first.headers.get("x-request-id"));
  expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
  return { first, firstBody, second };
}

describe("Idempotency-Key: the same request with the same key answers the first response again", () => {
  it("a CSV batch upload retried with its key (a new multipart boundary, as curl sends) returns the first jobId and makes no second job", async () => {
    const t = await createTenant();
    const key = newKey();
    const text = validCsv(120);
    const { first, firstBody, second } = await sameTwice(() => uploadBatch(t.site.id, t.secret, text, key));
    expect(first.status).toBe(202);
    expect(second.headers.get("ratelimit-limit")).not.toBeNull();
    const { jobId } = JSON.parse(firstBody) as { jobId: string };
    expect(await jobsOf(t.site.id)).toBe(1);
    expect(await finishedJob(t.site.id, t.secret, jobId)).toMatchObject({ status: "complete", successCount: 120 });
    // Without a key the same file is a new job (whose rows then fail as duplicates).
    expect((await uploadBatch(t.site.id, t.secret, text)).status).toBe(202);
    expect(await jobsOf(t.site.id)).toBe(2);
  });

  it("a single PUT upload retried with its key is the first 201 again, not a 409", async () => {
    const t = await createTenant();
    const key = newKey();
    const record = {
      CurrencyCode: "USD",
      Value: "24.99",
      RevenueClosedDate: "2024-03-01T12:00:00",
      VisitorIdentifierOptions: [{ Key: "EmailAddress", Value: "ada@example.com" }],
      Labels: ["Deal"],
      Reference: "INV-IDEM-1",
    };
    const { first } = await sameTwice(() =>
      postJson(`/v1/${t.site.id}/revenue/upload`, record, { authorization: `Bearer ${t.secret}` }, key, "PUT"),
    );
    expect(first.status).toBe(201);
    expect(await countRows("SELECT count(*) AS n FROM ledger WHERE site_id = ?1", t.site.id)).toBe(1);
    // A new key for the same record is a new request: the record is already stored.
    expect(
      (await postJson(`/v1/${t.site.id}/revenue/upload`, record, { authorization: `Bearer ${t.secret}` }, newKey(), "PUT")).status,
    ).toBe(409);
  });

  it("the history imports (contacts, offers, sends, revenue) each replay their first answer, and store once", async () => {
    const t = await createTenant();
    const auth = { "x-api-key": t.secret };
    const steps: Array<[string, unknown]> = [
      ["/v2/contacts/bulk", { contacts: [{ phone_number: "+12125551234" }] }],
      ["/v2/offers/bulk", { offers: [{ offer_id: "offer_1", payout: 5 }] }],
      ["/v2/history/sends", { sends: [{ message_id: "m1", phone_number: "+12125551234", offer_id: "offer_1" }] }],
      ["/v2/history/revenue", { records: [{ message_id: "m1", offer_id: "offer_1", revenue: 24.99 }] }],
    ];
    for (const [path, body] of steps) {
      const { first, firstBody } = await sameTwice(() => postJson(path, body, auth, `${path}:${t.site.id}`));
      expect(first.status, firstBody).toBe(200);
    }
    // The revenue record has no timestamp, so without the key a retry would be a second record.
    expect(await countRows("SELECT count(*) AS n FROM ledger WHERE site_id = ?1", t.site.id)).toBe(1);
    const contact = await countRows("SELECT conversion_count AS n FROM contacts WHERE site_id = ?1", t.site.id);
    expect(contact).toBe(1);
  });

  it("an account file replays its answer, in JSON and in XML", async () => {
    const t = await createTenant();
    for (const format of ["json", "xml"]) {
      const key = newKey();
      const { first, firstBody } = await sameTwice(() => {
        const { body, contentType } = multipartBody("Acme,1200,2016-01-01,2016-12-31,ARR\n", undefined, "accounts.csv");
        return call(`/v4.1/company/revenue_file_automate.${format}`, {
          method: "POST",
          headers: { authorization: `api_key ${t.secret}`, "content-type": contentType, "idempotency-key": key },
          body,
        });
      });
      expect(first.status, firstBody).toBe(200);
    }
  });

  it("admin creates replay their answer; a new token's clear secret comes back the same and is kept only sealed", async () => {
    const siteKey = newKey();
    const { first } = await sameTwice(() => postJson("/admin/sites", { name: "idempotent shop" }, adminAuth(), siteKey));
    expect(first.status).toBe(201);
    const site = (await (await postJson("/admin/sites", { name: "idempotent shop" }, adminAuth(), siteKey)).json()) as { id: string };
    expect(await countRows("SELECT count(*) AS n FROM sites WHERE id = ?1", site.id)).toBe(1);

    const tokenKey = newKey();
    const { firstBody } = await sameTwice(() => postJson(`/admin/sites/${site.id}/tokens`, { kind: "secret" }, adminAuth(), tokenKey));
    const token = JSON.parse(firstBody) as { token: string };
    expect(await countRows("SELECT count(*) AS n FROM api_tokens WHERE site_id = ?1", site.id)).toBe(1);
    const stored = await env.DB.prepare("SELECT response FROM idempotency_keys WHERE scope = 'admin' AND response LIKE ?1")
      .bind(`%${token.token}%`)
      .all();
    expect(stored.results).toHaveLength(0);
    const rows = await env.DB.prepare("SELECT key_hash, response FROM idempotency_keys").all<{
      key_hash: string;
      response: string | null;
    }>();
    expect(rows.results.some((r) => r.key_hash.includes(tokenKey) || (r.response ?? "").includes(tokenKey))).toBe(false);

    const clientKey = newKey();
    const { first: client } = await sameTwice(() =>
      postJson(`/admin/sites/${site.id}/oauth-clients`, { name: "ERP" }, adminAuth(), clientKey),
    );
    expect(client.status).toBe(201);
  });

  it("a refused request is answered the same way again (its refusal is its answer)", async () => {
    const t = await createTenant();
    const key = newKey();
    const { first } = await sameTwice(() => uploadBatch(t.site.id, t.secret, "RevenueClosedDate,CurrencyCode\n2024-01-01,USD\n", key));
    expect(first.status).toBe(400);
    expect(await jobsOf(t.site.id)).toBe(0);
  });

  it("keys belong to a site: the same key on another site is a different request", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const key = newKey();
    const text = validCsv(5);
    const ra = await uploadBatch(a.site.id, a.secret, text, key);
    const rb = await uploadBatch(b.site.id, b.secret, text, key);
    expect(ra.status).toBe(202);
    expect(rb.status).toBe(202);
    expect(rb.headers.get("idempotent-replayed")).toBeNull();
    expect(((await ra.json()) as { jobId: string }).jobId).not.toBe(((await rb.json()) as { jobId: string }).jobId);
  });

  it("a key expires after 24 hours: the request then runs again, and expired keys are deleted by later requests", async () => {
    const t = await createTenant();
    const key = newKey();
    const text = validCsv(3);
    const first = (await (await uploadBatch(t.site.id, t.secret, text, key)).json()) as { jobId: string };
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = ?1 WHERE scope = ?2")
      .bind(Date.now() - 1, `site:${t.site.id}`)
      .run();
    const again = await uploadBatch(t.site.id, t.secret, text, key);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(((await again.json()) as { jobId: string }).jobId).not.toBe(first.jobId);

    const other = await createTenant();
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = ?1 WHERE scope = ?2")
      .bind(Date.now() - 1, `site:${t.site.id}`)
      .run();
    expect(await countRows("SELECT count(*) AS n FROM idempotency_keys WHERE scope = ?1", `site:${t.site.id}`)).toBe(1);
    await uploadBatch(other.site.id, other.secret, text, newKey());
    expect(await countRows("SELECT count(*) AS n FROM idempotency_keys WHERE scope = ?1", `site:${t.site.id}`)).toBe(0);
  });

  it("a key whose request died mid-way (its lock abandoned for 10 minutes) can be used again", async () => {
    const t = await createTenant();
    const key = newKey();
    const text = validCsv(3);
    await uploadBatch(t.site.id, t.secret, text, key);
    await env.DB.prepare("UPDATE idempotency_keys SET state = 'running', locked_until = ?1, response = NULL WHERE scope = ?2")
      .bind(Date.now() - 1, `site:${t.site.id}`)
      .run();
    const retry = await uploadBatch(t.site.id, t.secret, text, key);
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });
});
