import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { upload } from "../accounts/support/accounts-api";
import { ingest, listRevenue, revenueData, waitForRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";

const ids = (page: { data: Array<Record<string, unknown>> }) => page.data.map((r) => r.external_id).sort();

describe("GET /v1/{siteId}/revenue metadata search", () => {
  it("finds events by a metadata value under any key, by key and value, and by key alone", async () => {
    const t = await createTenant();
    const a = revenueData({ metadata: { plan: "pro", seats: 10, trial: false, buyer: { email: "ada@example.com" } } });
    const b = revenueData({ metadata: { plan: "basic", coupon: "pro" } });
    const c = revenueData({});
    for (const data of [a, b, c]) expect((await ingest(t.secret, "revenue", data)).status).toBe(202);
    await waitForRevenue(t.site.id, t.secret, 3);

    const search = (q: string) => listRevenue(t.site.id, t.secret, `?${q}`);
    expect(ids(await search("metadata_value=pro"))).toEqual([a.transaction_id, b.transaction_id].sort());
    expect(ids(await search("metadata_key=plan&metadata_value=pro"))).toEqual([a.transaction_id]);
    expect(ids(await search("metadata_key=coupon"))).toEqual([b.transaction_id]);
    expect(ids(await search("metadata_value=10"))).toEqual([a.transaction_id]);
    expect(ids(await search("metadata_key=trial&metadata_value=false"))).toEqual([a.transaction_id]);
    expect(ids(await search(`metadata_key=buyer.email&metadata_value=${encodeURIComponent("ada@example.com")}`))).toEqual([a.transaction_id]);
    expect((await search("metadata_value=Pro")).data).toEqual([]);
    // combined with the other filters and paging
    const page = await search("metadata_value=pro&limit=1");
    expect(page.data).toHaveLength(1);
    expect(page.next_cursor).not.toBeNull();
    const next = await search(`metadata_value=pro&limit=1&cursor=${page.next_cursor}`);
    expect(next.data).toHaveLength(1);
    expect(next.next_cursor).toBeNull();
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

  it("follows account files that replace their schedules: the old rows leave the index with the ledger rows", async () => {
    const t = await createTenant();
    const auth = `api_key ${t.secret}`;
    const file = (description: string) => `Account,Revenue,Start,End,Type,Description\nAcme,1200,2016-01-01,2016-03-31,Other,${description}\n`;
    expect((await upload(auth, file("Licence v1"), "a.csv")).status).toBe(200);
    expect((await listRevenue(t.site.id, t.secret, "?metadata_key=description&metadata_value=Licence%20v1")).data).toHaveLength(3);
    expect((await upload(auth, file("Licence v2"), "b.csv")).status).toBe(200);
    expect((await listRevenue(t.site.id, t.secret, "?metadata_key=description&metadata_value=Licence%20v1")).data).toHaveLength(0);
    expect((await listRevenue(t.site.id, t.secret, "?metadata_value=Licence%20v2")).data).toHaveLength(3);
    const orphans = await env.DB.prepare("SELECT count(*) AS n FROM ledger_metadata m WHERE m.site_id = ? AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.id = m.ledger_id)").bind(t.site.id).first<{ n: number }>();
    expect(orphans?.n).toBe(0);
  });

  it("uses the covering indexes for both kinds of lookup", async () => {
    const plan = async (q: string) =>
      (await env.DB.prepare(`EXPLAIN QUERY PLAN SELECT m.ledger_id FROM ledger_metadata m WHERE ${q}`).bind("site_x", "v").all<{ detail: string }>()).results.map((r) => r.detail).join(" | ");
    expect(await plan("m.site_id = ?1 AND m.value = ?2")).toContain("COVERING INDEX ledger_metadata_site_value_idx");
    expect(await plan("m.site_id = ?1 AND m.key = 'k' AND m.value = ?2")).toContain("COVERING INDEX ledger_metadata_site_key_value_idx");
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
