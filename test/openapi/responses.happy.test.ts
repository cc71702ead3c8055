// Every operation of /openapi.json answered for real: its success and its main errors. `call()`
// checks each response against the document (test/support/documented-responses.ts); the last
// test asserts that every documented operation was checked with a success here, so a new
// route cannot go undocumented or unexercised.
import { describe, expect, it } from "vitest";
import { finishedJob } from "../batch/support/batch-api";
import { checkedResponses, openApiDocument } from "../support/documented-responses";
import { createSite, createTenant, createToken } from "../support/fixtures";
import { admin, call, json } from "../support/http";

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectStatus(res: Promise<Response>, status: number): Promise<Response> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r;
}

function multipart(path: string, token: string, content: string, scheme = "Bearer"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([content]), "revenue.csv");
  return call(path, { method: "POST", headers: { authorization: `${scheme} ${token}` }, body: form });
}

const CSV_HEADER = "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference";

describe("every operation answers as /openapi.json documents it", () => {
  it("operations and admin", async () => {
    await expectStatus(call("/healthz"), 200);
    await expectStatus(call("/openapi.json"), 200);
    await expectStatus(call("/docs"), 200);
    await expectStatus(call("/admin/dead-letters"), 401);
    await expectStatus(admin("GET", "/admin/dead-letters?limit=5"), 200);

    await expectStatus(admin("POST", "/admin/sites", { name: "" }), 400);
    await expectStatus(
      call("/admin/sites", { method: "POST", headers: { ...auth("test-admin-token"), "content-type": "text/plain" }, body: "{}" }),
      415,
    );
    const site = (await (await expectStatus(admin("POST", "/admin/sites", { name: "documented" }), 201)).json()) as { id: string };
    await expectStatus(admin("GET", "/admin/sites?limit=2"), 200);
    await expectStatus(admin("GET", "/admin/sites?limit=0"), 400);
    await expectStatus(admin("GET", `/admin/sites/${site.id}`), 200);
    await expectStatus(admin("GET", "/admin/sites/site_nope"), 404);

    const token = (await (await expectStatus(admin("POST", `/admin/sites/${site.id}/tokens`, { kind: "secret" }), 201)).json()) as {
      id: string;
    };
    await expectStatus(admin("GET", `/admin/sites/${site.id}/tokens`), 200);
    await expectStatus(admin("PATCH", `/admin/tokens/${token.id}`, { name: "renamed" }), 200);
    await expectStatus(admin("DELETE", `/admin/tokens/${token.id}`), 204);
    await expectStatus(admin("DELETE", "/admin/tokens/tok_nope"), 404);

    const client = (await (await expectStatus(admin("POST", `/admin/sites/${site.id}/oauth-clients`, {}), 201)).json()) as {
      client_id: string;
    };
    await expectStatus(admin("GET", `/admin/sites/${site.id}/oauth-clients`), 200);
    await expectStatus(admin("DELETE", `/admin/oauth-clients/${client.client_id}`), 204);
  });

  it("events", async () => {
    const t = await createTenant();
    const data = { visitor_fingerprint: "fp", session_id: "s", customer_id: "c", amount: 10, transaction_id: crypto.randomUUID() };
    await expectStatus(json("POST", "/api/ingest", { type: "revenue", data }, { "x-api-token": t.secret }), 202);
    await expectStatus(json("POST", "/api/ingest", { type: "revenue", data: { ...data, amount: 0 } }, { "x-api-token": t.secret }), 400);
    await expectStatus(json("POST", "/api/ingest", { type: "revenue", data }, { "x-api-token": t.public }), 403);
    await expectStatus(json("POST", "/api/ingest", { type: "revenue", data }), 401);
    await expectStatus(json("POST", "/api/ingest", { type: "event", data: { pad: "x".repeat(40_000) } }, { "x-api-token": t.secret }), 413);
    await expectStatus(call("/api/ingest", { method: "OPTIONS", headers: { origin: "https://shop.example" } }), 204);
  });

  it("history", async () => {
    const site = await createSite();
    const key = (await createToken(site.id, { kind: "secret", prefix: "trk" })).token;
    const headers = { "x-api-key": key };
    await expectStatus(
      json("POST", "/v2/contacts/bulk", { contacts: [{ phone_number: "+12125551234" }, { phone_number: "nope" }] }, headers),
      200,
    );
    await expectStatus(json("POST", "/v2/offers/bulk", { offers: [{ offer_id: "o1", payout: 1 }] }, headers), 200);
    await expectStatus(
      json("POST", "/v2/offers/bulk", { offers: Array.from({ length: 1001 }, (_, i) => ({ offer_id: `o${i}` })) }, headers),
      413,
    );
    await expectStatus(
      json("POST", "/v2/history/sends", { sends: [{ message_id: "m1", phone_number: "+12125551234", offer_id: "o1" }] }, headers),
      200,
    );
    const record = { message_id: "m1", offer_id: "o1", revenue: 12.5, timestamp: "2025-11-15T16:00:00Z" };
    await expectStatus(json("POST", "/v2/history/revenue", { records: [record, { ...record, revenue: -1 }] }, headers), 200);
    await expectStatus(json("POST", "/api/v2/history/revenue", { records: [] }, headers), 400);
    await expectStatus(call("/v2/history/revenue", { method: "POST", headers, body: "{" }), 400);
    await expectStatus(json("POST", "/v2/history/revenue", { records: [record] }), 401);

    const found = await expectStatus(call("/v2/contacts?phone_number=%2B12125551234", { headers }), 200);
    const contact = (await found.json()) as { id: string };
    await expectStatus(call("/v2/contacts", { headers }), 400);
    await expectStatus(call(`/api/v2/contacts/${contact.id}`, { headers }), 200);
    await expectStatus(call("/v2/contacts/ct_nope", { headers }), 404);
  });

  it("CSV batch jobs and single records", async () => {
    const t = await createTenant();
    const base = `/v1/${t.site.id}`;
    const csv = `${CSV_HEADER}\n2024-01-31,USD,10.00,a@example.com,Deal,R-1\n`;
    const accepted = await expectStatus(multipart(`${base}/revenue/upload/batch`, t.secret, csv), 202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    await expectStatus(multipart(`${base}/revenue/upload/batch`, t.secret, `${CSV_HEADER}\nnope,USD,1,a@example.com,Deal,R-2\n`), 400);
    await expectStatus(
      call(`${base}/revenue/upload/batch`, { method: "POST", headers: { ...auth(t.secret), "content-type": "text/csv" }, body: csv }),
      415,
    );
    await expectStatus(multipart(`/v1/site_nope/revenue/upload/batch`, t.secret, csv), 404);

    await expectStatus(call(`${base}/batch/jobs`, { headers: auth(t.secret) }), 200);
    await expectStatus(call(`${base}/batch/jobs?pageSize=1000`, { headers: auth(t.secret) }), 400);
    await expectStatus(call(`${base}/batch/${jobId}/status`, { headers: auth(t.secret) }), 200);
    await expectStatus(call(`${base}/batch/job_nope/status`, { headers: auth(t.secret) }), 404);
    await expectStatus(call(`${base}/batch/${jobId}/failures?format=xml`, { headers: auth(t.secret) }), 400);
    await finishedJob(t.site.id, t.secret, jobId);
    await expectStatus(call(`${base}/batch/${jobId}/failures?format=json`, { headers: auth(t.secret) }), 200);
    await expectStatus(call(`${base}/batch/${jobId}/failures`, { headers: auth(t.secret) }), 200);
    await expectStatus(call(`${base}/revenue/template`, { headers: auth(t.secret) }), 200);
    await expectStatus(call(`${base}/revenue/template`, { headers: auth(t.public) }), 403);

    const record = {
      CurrencyCode: "USD",
      Value: "5.00",
      RevenueClosedDate: "2024-02-01",
      VisitorIdentifierOptions: [{ Key: "EmailAddress", Value: "a@example.com" }],
      Reference: "S-1",
    };
    await expectStatus(json("PUT", `${base}/revenue/upload`, record, auth(t.secret)), 201);
    await expectStatus(json("PUT", `${base}/revenue/upload`, record, auth(t.secret)), 409);
    await expectStatus(json("PUT", `${base}/revenue/upload`, { ...record, Value: true, Reference: undefined }, auth(t.secret)), 400);
  });

  it("account revenue files and OAuth2", async () => {
    const t = await createTenant();
    const csv = "Acme,12000,2016-01-01,2016-12-31,ARR,Licence\n";
    await expectStatus(multipart("/v4.1/company/revenue_file_automate.json", t.secret, csv, "api_key"), 200);
    await expectStatus(multipart("/v4.1/company/revenue_file_automate.xml", t.secret, csv, "api_key"), 200);
    await expectStatus(
      multipart("/v4.1/company/revenue_file_automate.json", t.secret, "Acme,12.5,2016-01-01,2016-12-31,ARR\n", "api_key"),
      400,
    );
    await expectStatus(
      multipart("/v4.1/company/revenue_file_automate.xml", t.secret, "Acme,12.5,2016-01-01,2016-12-31,ARR\n", "api_key"),
      400,
    );
    await expectStatus(
      call("/v4.1/company/revenue_file_automate.json", { method: "POST", headers: { authorization: `api_key ${t.secret}` }, body: csv }),
      415,
    );
    await expectStatus(multipart("/v4.1/company/revenue_file_automate.json", "nope", csv, "api_key"), 401);

    const headers = { authorization: `api_key ${t.secret}` };
    await expectStatus(call("/v4.1/company/acme/revenue?from=2016-01&to=2016-03", { headers }), 200);
    await expectStatus(call("/v4.1/company/acme/revenue.json", { headers }), 200);
    await expectStatus(call("/v4.1/company/acme/revenue.xml", { headers }), 200);
    await expectStatus(call("/v4.1/company/acme/revenue?from=2016", { headers }), 400);
    await expectStatus(call("/v4.1/company/nobody/revenue.xml", { headers }), 404);
    await expectStatus(call("/v4.1/company/nobody/revenue.json", { headers }), 404);

    const client = (await (await admin("POST", `/admin/sites/${t.site.id}/oauth-clients`, {})).json()) as {
      client_id: string;
      client_secret: string;
    };
    const token = (form: Record<string, string>) =>
      call("/oauth2/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
    await expectStatus(token({ grant_type: "client_credentials", client_id: client.client_id, client_secret: client.client_secret }), 200);
    await expectStatus(token({ grant_type: "password", client_id: client.client_id, client_secret: client.client_secret }), 400);
    await expectStatus(token({ grant_type: "client_credentials", client_id: client.client_id, client_secret: "wrong" }), 401);
  });

  it("reporting, and the rate limit of every surface", async () => {
    const site = await createSite();
    const secret = (await createToken(site.id, { kind: "secret", rate_limit: { limit: 4, window_seconds: 60 } })).token;
    const base = `/v1/${site.id}`;
    await expectStatus(call(`${base}/revenue`, { headers: auth(secret) }), 200);
    await expectStatus(call(`${base}/revenue/summary?interval=year`, { headers: auth(secret) }), 400);
    await expectStatus(call(`${base}/mrr?from=2026-03&to=2026-01`, { headers: auth(secret) }), 400);
    await expectStatus(call(`${base}/revenue/summary`, { headers: auth(secret) }), 200);
    await expectStatus(call(`${base}/mrr`, { headers: auth(secret) }), 429);
    await expectStatus(call(`/v2/contacts?phone_number=1`, { headers: { "x-api-key": secret } }), 429);
    await expectStatus(call(`/v1/${(await createSite()).id}/revenue`, { headers: auth((await createTenant()).secret) }), 403);

    const other = await createTenant();
    const site2 = `/v1/${other.site.id}`;
    await expectStatus(call(`${site2}/mrr`, { headers: auth(other.secret) }), 200);
    await expectStatus(call(`${site2}/revenue?limit=0`, { headers: auth(other.secret) }), 400);
    await expectStatus(call("/v1/me", { headers: auth(other.public) }), 200);
    await expectStatus(call("/v1/me", { headers: auth("sec_nope") }), 401);
    await expectStatus(call(`${site2}/analytics/summary`, { headers: auth(other.secret) }), 200);
    await expectStatus(call(`${site2}/analytics/summary?from=2026-02-30`, { headers: auth(other.secret) }), 400);
    await expectStatus(call(`${site2}/analytics/breakdown?by=path`, { headers: auth(other.secret) }), 200);
    await expectStatus(call(`${site2}/events`, { headers: auth(other.secret) }), 200);
    await expectStatus(call(`${site2}/revenue/attribution`, { headers: auth(other.secret) }), 200);
    await expectStatus(call(`${site2}/events`, { headers: auth(other.public) }), 403);
  });

  it("checked a success of every documented operation", async () => {
    const doc = (await openApiDocument()) as unknown as { paths: Record<string, Record<string, { operationId: string }>> };
    const operationIds = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => (op?.operationId ? [op.operationId] : [])),
    );
    const succeeded = new Set([...checkedResponses].filter((c) => / 2\d\d$/.test(c)).map((c) => c.split(" ")[0]));
    expect(operationIds.filter((id) => !succeeded.has(id))).toEqual([]);
  });
});
