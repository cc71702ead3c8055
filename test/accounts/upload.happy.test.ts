import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { withHeaderXlsx } from "./fixtures/xlsx-fixtures";
import { accountRevenue, csvOf, getRevenue, upload } from "./support/accounts-api";
import { fromBase64 } from "./support/xlsx-builder";

const SEED = csvOf(
  "Account,Revenue,Start,End,Type,Description",
  "Acme,12000,01-01-2016,31-12-2016,ARR,Licence",
  "Globex,12000,2016-01-01,2016-12-31,MRR,Support",
  "Initech,12000,01-01-2016,30-06-2016,Other,Consulting",
);

describe("account revenue files: upload (happy)", () => {
  it("stores the seed's worked examples and reads them back per month", async () => {
    const t = await createTenant();
    const res = await upload(`api_key ${t.secret}`, SEED, "revenue.csv");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Data: { data: 1 } });

    const acme = await accountRevenue(`api_key ${t.secret}`, "Acme", "?from=2016-01&to=2016-12");
    expect(acme.months).toHaveLength(12);
    expect(acme.months.every((m) => m.amount === "1000.00")).toBe(true);
    expect(acme).toMatchObject({ account: "Acme", currency: "USD", from: "2016-01", to: "2016-12", total: "12000.00" });

    const globex = await accountRevenue(`api_key ${t.secret}`, "Globex", "?from=2016-01&to=2016-12");
    expect(globex.total).toBe("144000.00");
    expect(globex.months.every((m) => m.amount === "12000.00")).toBe(true);

    const initech = await accountRevenue(`api_key ${t.secret}`, "Initech", "?from=2016-01&to=2016-12");
    expect(initech.months.map((m) => m.amount)).toEqual([...Array(6).fill("2000.00"), ...Array(6).fill("0.00")]);
    expect(initech.total).toBe("12000.00");
  });

  it("feeds the ledger: one account_file row per month with revenue", async () => {
    const t = await createTenant();
    expect((await upload(`Bearer ${t.secret}`, SEED, "revenue.csv")).status).toBe(200);
    const page = await listRevenue(t.site.id, t.secret, "?source=account_file&limit=1000");
    expect(page.data).toHaveLength(12 + 12 + 6);
    const acmeJan = page.data.find((r) => r.customer_id === "Acme" && r.occurred_at === "2016-01-01T00:00:00.000Z");
    expect(acmeJan).toMatchObject({ source: "account_file", amount: "1000.00", amount_minor: 100_000, currency: "USD", event_type: "ARR" });
    const total = page.data.reduce((sum, r) => sum + Number(r.amount_minor), 0);
    expect(total).toBe((12_000 + 144_000 + 12_000) * 100);
  });

  it("does not double anything when the same file is uploaded twice", async () => {
    const t = await createTenant();
    for (let i = 0; i < 2; i++) expect((await upload(`api_key ${t.secret}`, SEED, "revenue.csv")).status).toBe(200);
    expect((await accountRevenue(`api_key ${t.secret}`, "Globex", "?from=2016-01&to=2016-12")).total).toBe("144000.00");
    const page = await listRevenue(t.site.id, t.secret, "?source=account_file&limit=1000");
    expect(page.data).toHaveLength(30);
    const files = await env.DB.prepare("SELECT count(*) AS n FROM account_files WHERE site_id = ?").bind(t.site.id).first<{ n: number }>();
    expect(files?.n).toBe(1);
  });

  it("replaces a record re-uploaded with a corrected amount, and adds records with a new period or type", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    await upload(auth, csvOf("Acme,12000,2016-01-01,2016-12-31,ARR"), "a.csv");
    await upload(auth, csvOf("ACME,24000,2016-01-01,2016-12-31,arr"), "b.csv");
    expect((await accountRevenue(auth, "acme", "?from=2016-01&to=2016-12")).total).toBe("24000.00");
    await upload(auth, csvOf("acme,500,2016-03-01,2016-03-01,One Time"), "c.csv");
    const rev = await accountRevenue(auth, "Acme", "?from=2016-01&to=2016-12");
    expect(rev.total).toBe("24500.00");
    expect(rev.months[2]?.amount).toBe("2500.00");
    const page = await listRevenue(t.site.id, t.secret, "?source=account_file&limit=1000");
    expect(page.data.reduce((s, r) => s + Number(r.amount_minor), 0)).toBe(2_450_000);
  });

  it("rewrites only the records a corrected file changes, and reports the same either way", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    type Row = {
      customer_id: string;
      occurred_at: string;
      amount: string;
      amount_minor: number;
      job_id: string;
      metadata: { description?: string };
    };
    const rows = async () => (await listRevenue(t.site.id, t.secret, "?source=account_file&limit=1000")).data as Row[];
    const byCustomer = (data: Row[], name: string) =>
      data.filter((r) => r.customer_id === name).sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
    const first = csvOf("Acme,1200,2016-01-01,2016-03-31,Other,Licence", "Globex,10,2016-01-01,2016-02-29,MRR,Support");
    expect((await upload(auth, first, "a.csv")).status).toBe(200);
    const before = await rows();
    expect(before).toHaveLength(5);

    // The same file again: nothing to rewrite, the same rows (ids included) and totals.
    expect((await upload(auth, first, "a.csv")).status).toBe(200);
    expect(await rows()).toEqual(before);

    // Globex corrected: its months are replaced (new schedule, new amount); Acme's stay as they were,
    // except that they now belong to the new file (job_id), so they are written again too.
    const corrected = csvOf("Acme,1200,2016-01-01,2016-03-31,Other,Licence", "Globex,20,2016-01-01,2016-02-29,MRR,Support");
    const res = await upload(auth, corrected, "b.csv");
    expect(res.status).toBe(200);
    const after = await rows();
    expect(byCustomer(after, "Globex").map((r) => r.amount)).toEqual(["20.00", "20.00"]);
    expect(byCustomer(after, "Acme").map((r) => r.amount)).toEqual(["400.00", "400.00", "400.00"]);
    expect(new Set(after.map((r) => r.job_id))).toEqual(new Set([res.headers.get("X-Account-File-Id")]));
    expect(after.reduce((s, r) => s + r.amount_minor, 0)).toBe(120_000 + 4_000);

    // A record whose description changes is replaced too (the description is in its metadata).
    expect((await upload(auth, csvOf("Acme,1200,2016-01-01,2016-03-31,Other,Renewal"), "c.csv")).status).toBe(200);
    expect(byCustomer(await rows(), "Acme").map((r) => r.metadata?.description)).toEqual(["Renewal", "Renewal", "Renewal"]);
    expect(byCustomer(await rows(), "Globex").map((r) => r.amount)).toEqual(["20.00", "20.00"]);
  });

  it("treats account names case-insensitively and shows the first spelling", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    await upload(auth, csvOf("Acme Corp,1200,2016-01-01,2016-12-31,ARR"), "a.csv");
    await upload(auth, csvOf("ACME CORP,100,2016-01-01,2016-01-31,MRR"), "b.csv");
    const rev = await accountRevenue(auth, "acme corp", "?from=2016-01&to=2016-01");
    expect(rev).toMatchObject({ account: "Acme Corp", total: "200.00" });
    const page = await listRevenue(t.site.id, t.secret, "?source=account_file&limit=1000");
    expect(new Set(page.data.map((r) => r.customer_id))).toEqual(new Set(["Acme Corp"]));
  });

  it("accepts XLSX (LibreOffice, date cells) and XML and keeps the raw file in R2", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    const xlsx = fromBase64(withHeaderXlsx);
    expect((await upload(auth, xlsx, "records.xlsx")).status).toBe(200);
    const xml = `<?xml version="1.0"?><rows><r><a>Soylent</a><b>300</b><c>2016-01-01</c><d>2016-03-31</d><e>Other</e></r></rows>`;
    expect((await upload(auth, xml, "records.xml")).status).toBe(200);
    expect((await accountRevenue(auth, "Globex", "?from=2016-01&to=2016-06")).total).toBe("12000.00");
    expect((await accountRevenue(auth, "Soylent")).months.map((m) => m.amount)).toEqual(["100.00", "100.00", "100.00"]);

    const listed = await env.UPLOADS.list({ prefix: `account-files/${t.site.id}/` });
    expect(listed.objects).toHaveLength(2);
    const xlsxKey = listed.objects.find((o) => o.key.endsWith(".xlsx"))?.key ?? "";
    const stored = await env.UPLOADS.get(xlsxKey);
    expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(xlsx);
    expect(stored?.customMetadata?.filename).toBe("records.xlsx");
  });

  it("answers in XML on the .xml routes", async () => {
    const t = await createTenant();
    const res = await upload(`api_key ${t.secret}`, SEED, "revenue.csv", "xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(await res.text()).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<response><Data><data>1</data></Data></response>\n`);
    const rev = await getRevenue(`api_key ${t.secret}`, "Initech", "?from=2016-06&to=2016-07", ".xml");
    expect(rev.status).toBe(200);
    expect(await rev.text()).toContain(
      "<Data><account>Initech</account><currency>USD</currency><from>2016-06</from><to>2016-07</to><total>2000.00</total><total_minor>200000</total_minor>" +
        "<months><item><month>2016-06</month><amount>2000.00</amount><amount_minor>200000</amount_minor></item>" +
        "<item><month>2016-07</month><amount>0.00</amount><amount_minor>0</amount_minor></item></months></Data>",
    );
    const json = await getRevenue(`api_key ${t.secret}`, "Initech", "?from=2016-06&to=2016-06", ".json");
    expect(((await json.json()) as { Data: { total: string } }).Data.total).toBe("2000.00");
  });

  it("uses the site's default currency and its exponent", async () => {
    const t = await createTenant({ default_currency: "JPY" });
    await upload(`api_key ${t.secret}`, csvOf("Acme,100,2016-01-01,2016-03-31,Other"), "a.csv");
    const rev = await accountRevenue(`api_key ${t.secret}`, "Acme");
    expect(rev).toMatchObject({ currency: "JPY", total: "100", from: "2016-01", to: "2016-03" });
    expect(rev.months.map((m) => m.amount)).toEqual(["33", "33", "34"]);
  });

  it("accepts plain text sent as the file field", async () => {
    const t = await createTenant();
    const form = new FormData();
    form.append("file", "Acme,10,2016-01-01,2016-01-31,MRR\n");
    const res = await call("/v4.1/company/revenue_file_automate.json", {
      method: "POST",
      headers: { authorization: `api_key ${t.secret}` },
      body: form,
    });
    expect(res.status).toBe(200);
    expect((await accountRevenue(`api_key ${t.secret}`, "Acme")).total).toBe("10.00");
  });
});
