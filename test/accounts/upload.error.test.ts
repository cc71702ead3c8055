import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { csvOf, getRevenue, upload } from "./support/accounts-api";

type Failure = { Data: false; Errors: Array<{ record: number | null; field: string | null; message: string }> };

/** Nothing of the site exists: no account, schedule, file row, R2 object or ledger row. */
async function expectNothingStored(siteId: string, secret: string) {
  for (const table of ["accounts", "account_schedules", "account_files"]) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`).bind(siteId).first<{ n: number }>();
    expect(row?.n, table).toBe(0);
  }
  expect((await env.UPLOADS.list({ prefix: `account-files/${siteId}/` })).objects).toHaveLength(0);
  expect((await listRevenue(siteId, secret, "?source=account_file")).data).toHaveLength(0);
}

describe("account revenue files: upload (errors)", () => {
  it("refuses the whole file when one record is bad, listing every error, and stores nothing", async () => {
    const t = await createTenant();
    const res = await upload(
      `api_key ${t.secret}`,
      csvOf(
        "Acme,12000,2016-01-01,2016-12-31,ARR",
        'Globex,"1,234.12",2016-01-01,2016-12-31,MRR',
        "Initech,5,2016-12-31,2016-01-01,Weekly",
      ),
      "r.csv",
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as Failure;
    expect(body.Data).toBe(false);
    expect(body.Errors).toEqual([
      {
        record: 2,
        field: "amount",
        message:
          "The revenue amount 1,234.12 is not a whole number: send it without thousands separators or decimals (send 1234 for 1,234.12).",
      },
      { record: 3, field: "end_date", message: "The end date 2016-01-01 is before the start date 2016-12-31." },
      { record: 3, field: "type", message: 'The revenue type "Weekly" is not one of ARR, MRR, One Time, Other.' },
    ]);
    await expectNothingStored(t.site.id, t.secret);
  });

  it("answers a refusal in XML on the .xml route", async () => {
    const t = await createTenant();
    const res = await upload(`api_key ${t.secret}`, csvOf("Acme,1.5,2016-01-01,2016-12-31,ARR"), "r.csv", "xml");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(await res.text()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<response><Data>false</Data><Errors><Error><record>1</record><field>amount</field>` +
        `<message>The revenue amount 1.5 is not a whole number: send it without thousands separators or decimals (send 1 for 1.5).</message></Error></Errors></response>\n`,
    );
  });

  it("refuses a file over 2 MiB with 413 and stores nothing", async () => {
    const t = await createTenant();
    const big = new Uint8Array(2 * 1024 * 1024 + 1).fill(0x41);
    const res = await upload(`api_key ${t.secret}`, big, "big.csv");
    expect(res.status).toBe(413);
    expect(((await res.json()) as Failure).Errors[0]).toMatchObject({ record: null, field: "file" });
    await expectNothingStored(t.site.id, t.secret);
  });

  it("refuses a streamed body (no Content-Length) once it passes the limit, with 413", async () => {
    const t = await createTenant();
    const boundary = "XyZ";
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`);
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent === 0) ctrl.enqueue(head);
        if (sent > 3 * 1024 * 1024) {
          ctrl.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          ctrl.close();
          return;
        }
        ctrl.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await call("/v4.1/company/revenue_file_automate.json", {
      method: "POST",
      headers: { authorization: `api_key ${t.secret}`, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Failure).Errors).toEqual([
      { record: null, field: "file", message: "The file is larger than 2 MiB (2,097,152 bytes)." },
    ]);
    await expectNothingStored(t.site.id, t.secret);
  });

  it("rate limits per token, with Retry-After, in the surface's shape", async () => {
    const t = await createTenant({ rate_limit: { limit: 1, window_seconds: 3600 } });
    const first = await upload(`api_key ${t.secret}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "a.csv");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("1");
    const second = await upload(`api_key ${t.secret}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "a.csv", "xml");
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await second.text()).toContain("<Data>false</Data>");
  });

  it("refuses more than 1,000 records", async () => {
    const t = await createTenant();
    const lines = Array.from({ length: 1001 }, (_, i) => `A${i},1,2016-01-01,2016-01-31,MRR`);
    const res = await upload(`api_key ${t.secret}`, csvOf(...lines), "many.csv");
    expect(res.status).toBe(400);
    expect(((await res.json()) as Failure).Errors).toEqual([
      { record: null, field: "file", message: "The file has more than 1,000 records." },
    ]);
    await expectNothingStored(t.site.id, t.secret);
  });

  it("refuses a request without the file part, and a body that is not multipart", async () => {
    const t = await createTenant();
    const form = new FormData();
    form.append("other", "x");
    const missing = await call("/v4.1/company/revenue_file_automate.json", {
      method: "POST",
      headers: { authorization: `api_key ${t.secret}` },
      body: form,
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Failure).Errors[0]?.message).toBe("The file is missing: send it in the multipart part named file.");
    const raw = await call("/v4.1/company/revenue_file_automate.json", {
      method: "POST",
      headers: { authorization: `api_key ${t.secret}`, "content-type": "text/csv" },
      body: "Acme,1,2016-01-01,2016-01-31,MRR\n",
    });
    expect(raw.status).toBe(415);
    expect(((await raw.json()) as Failure).Data).toBe(false);
  });

  it("refuses missing and invalid credentials with 401 in the surface's shape, XML on .xml", async () => {
    const none = await call("/v4.1/company/revenue_file_automate.json", { method: "POST", body: new FormData() });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ Data: false, Errors: [{ record: null, field: null, message: "Invalid API token" }] });
    const bad = await upload("api_key sec_notarealtoken", "x", "r.csv", "xml");
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain("<Data>false</Data><Errors><Error><record/><field/><message>Invalid API token</message>");
  });

  it("refuses a public token", async () => {
    const t = await createTenant();
    const res = await upload(`api_key ${t.public}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "r.csv");
    expect(res.status).toBe(403);
    await expectNothingStored(t.site.id, t.secret);
  });

  it("answers 404 for an unknown account and 400 for a malformed range", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    const missing = await getRevenue(auth, "Nobody");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      Data: false,
      Errors: [{ record: null, field: "account", message: 'No account named "Nobody".' }],
    });
    await upload(auth, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "r.csv");
    for (const [query, field] of [
      ["?from=2016-13", "from"],
      ["?from=2016-1", "from"],
      ["?to=yesterday", "to"],
      ["?from=2016-05&to=2016-01", "to"],
      ["?from=1900-01&to=2200-01", "to"],
    ] as const) {
      const res = await getRevenue(auth, "Acme", query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as Failure).Errors[0]?.field).toBe(field);
    }
  });

  it("answers 405 for a wrong method and 404 for unknown paths in the surface's shape", async () => {
    const t = await createTenant();
    const get = await call("/v4.1/company/revenue_file_automate.json", { headers: { authorization: `api_key ${t.secret}` } });
    expect([404, 405]).toContain(get.status);
    expect(((await get.json()) as Failure).Data).toBe(false);
    const unknown = await call("/v4.1/nothing/here", { headers: { authorization: `api_key ${t.secret}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Failure).Data).toBe(false);
  });
});
