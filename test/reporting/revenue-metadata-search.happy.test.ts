import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { upload } from "../accounts/support/accounts-api";
import { finishedJob, uploadCsv } from "../batch/support/batch-api";
import { ingest, listRevenue, revenueData, waitForRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

const ids = (page: { data: Array<Record<string, unknown>> }) => page.data.map((r) => r.external_id).sort();

describe("GET /v1/{siteId}/revenue metadata search", () => {
  it("finds events by a metadata value under any key, or under one key, at any depth", async () => {
    const t = await createTenant();
    const a = revenueData({ metadata: { plan: "pro", seats: 10, trial: false, buyer: { email: "ada@example.com" } } });
    const b = revenueData({ metadata: { plan: "basic", coupon: "pro" } });
    const c = revenueData({});
    for (const data of [a, b, c]) expect((await ingest(t.secret, "revenue", data)).status).toBe(202);
    await waitForRevenue(t.site.id, t.secret, 3);

    const search = (q: string) => listRevenue(t.site.id, t.secret, `?${q}`);
    expect(ids(await search("metadata_value=pro"))).toEqual([a.transaction_id, b.transaction_id].sort());
    expect(ids(await search("metadata_key=plan&metadata_value=pro"))).toEqual([a.transaction_id]);
    expect(ids(await search("metadata_value=10"))).toEqual([a.transaction_id]);
    expect(ids(await search("metadata_key=trial&metadata_value=false"))).toEqual([a.transaction_id]);
    expect(ids(await search(`metadata_key=buyer.email&metadata_value=${encodeURIComponent("ada@example.com")}`))).toEqual([
      a.transaction_id,
    ]);
    expect((await search("metadata_value=Pro")).data).toEqual([]);
    // combined with paging
    const page = await search("metadata_value=pro&limit=1");
    expect(page.data).toHaveLength(1);
    const next = await search(`metadata_value=pro&limit=1&cursor=${page.next_cursor}`);
    expect(next.data).toHaveLength(1);
    expect(next.next_cursor).toBeNull();
  });

  it("finds CSV batch rows by an AdditionalDataProperties value or a visitor identifier", async () => {
    const t = await createTenant();
    const csv = [
      "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference,AdditionalDataProperties",
      '2024-01-31,USD,10.00,jane@example.com,Deal,INV-1,"Name=Source,Value=Google;Name=Campaign,Value=Spring"',
      '2024-02-01,USD,20.00,joe@example.com,Deal,INV-2,"Name=Source,Value=Bing"',
    ].join("\n");
    const res = await uploadCsv(t.site.id, t.secret, csv);
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    expect((await finishedJob(t.site.id, t.secret, jobId)).status).toBe("complete");
    const search = (q: string) => listRevenue(t.site.id, t.secret, `?${q}`);
    expect(ids(await search("metadata_value=Google"))).toEqual(["INV-1"]);
    expect(ids(await search("metadata_key=additional_data.Campaign&metadata_value=Spring"))).toEqual(["INV-1"]);
    expect(ids(await search("metadata_key=additional_data.Source&metadata_value=Bing"))).toEqual(["INV-2"]);
    expect(
      ids(await search(`metadata_key=visitor_identifiers.EmailAddress&metadata_value=${encodeURIComponent("joe@example.com")}`)),
    ).toEqual(["INV-2"]);
    expect(ids(await search("metadata_key=additional_data.Campaign&metadata_value=Google"))).toEqual([]);
  });

  it("never matches another site's records", async () => {
    const mine = await createTenant();
    const other = await createTenant();
    const data = revenueData({ metadata: { campaign: "shared-value" } });
    expect((await ingest(other.secret, "revenue", data)).status).toBe(202);
    await waitForRevenue(other.site.id, other.secret, 1);
    expect((await listRevenue(mine.site.id, mine.secret, "?metadata_value=shared-value")).data).toEqual([]);
    expect((await listRevenue(other.site.id, other.secret, "?metadata_value=shared-value")).data).toHaveLength(1);
  });

  it("does not index account-file schedules (system metadata), and a deleted record leaves the index", async () => {
    const t = await createTenant();
    expect(
      (
        await upload(
          `api_key ${t.secret}`,
          "Account,Revenue,Start,End,Type,Description\nAcme,1200,2016-01-01,2016-03-31,Other,Licence\n",
          "a.csv",
        )
      ).status,
    ).toBe(200);
    const count = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM ledger_metadata WHERE site_id = ?").bind(t.site.id).first<{ n: number }>())?.n;
    expect(await count()).toBe(0);
    const data = revenueData({ metadata: { plan: "pro", flags: { beta: true } } });
    expect((await ingest(t.secret, "revenue", data)).status).toBe(202);
    await waitForRevenue(t.site.id, t.secret, 4);
    expect(await count()).toBe(2);
    // No surface deletes events today; the trigger keeps the index right if one ever does.
    await env.DB.prepare("DELETE FROM ledger WHERE site_id = ? AND external_id = ?").bind(t.site.id, data.transaction_id).run();
    expect(await count()).toBe(0);
  });

  it("answers both lookups from the primary key, without reading the table", async () => {
    const plan = async (q: string) =>
      (
        await env.DB.prepare(`EXPLAIN QUERY PLAN SELECT m.ledger_id FROM ledger_metadata m WHERE ${q}`)
          .bind("site_x", "v")
          .all<{ detail: string }>()
      ).results
        .map((r) => r.detail)
        .join(" | ");
    expect(await plan("m.site_id = ?1 AND m.value = ?2")).toMatch(
      /USING COVERING INDEX sqlite_autoindex_ledger_metadata_1 \(site_id=\? AND value=\?\)/,
    );
    expect(await plan("m.site_id = ?1 AND m.value = ?2 AND m.key = 'k'")).toMatch(
      /USING COVERING INDEX sqlite_autoindex_ledger_metadata_1 \(site_id=\? AND value=\? AND key=\?\)/,
    );
  });

  it("refuses metadata_key without metadata_value, naming the field", async () => {
    const t = await createTenant();
    const res = await call(`/v1/${t.site.id}/revenue?metadata_key=plan`, { headers: { authorization: `Bearer ${t.secret}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/metadata_key/);
  });
});

describe("GET /v1/{siteId}/revenue?job_id", () => {
  it("lists the schedules an account file produced, by the X-Account-File-Id of its upload", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    const first = await upload(auth, "Account,Revenue,Start,End,Type\nAcme,1200,2016-01-01,2016-03-31,Other\n", "a.csv");
    const second = await upload(auth, "Account,Revenue,Start,End,Type\nGlobex,100,2017-01-01,2017-02-28,MRR\n", "b.csv");
    const fileId = second.headers.get("x-account-file-id");
    expect(fileId).toMatch(/^af_[0-9a-f]{32}$/);
    expect(first.headers.get("x-account-file-id")).not.toBe(fileId);
    const rows = (await listRevenue(t.site.id, t.secret, `?job_id=${fileId}`)).data;
    expect(rows.map((r) => [r.customer_id, r.occurred_at, r.amount])).toEqual([
      ["Globex", "2017-02-01T00:00:00.000Z", "100.00"],
      ["Globex", "2017-01-01T00:00:00.000Z", "100.00"],
    ]);
  });
});
