import type { RevenueRecord } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { tenant } from "./support/tenant";

async function withRecords(count: number) {
  const t = await tenant();
  const client = t.client();
  for (let i = 1; i <= count; i++) {
    await client.batch.uploadRecord({
      CurrencyCode: "USD",
      Value: `${i}.25`,
      RevenueClosedDate: `2026-0${i}-15T12:00:00`,
      VisitorIdentifierOptions: [{ Key: "EmailAddress", Value: `c${i}@example.com` }],
      Labels: [i % 2 ? "odd" : "even"],
      Reference: `REP-${i}`,
    });
  }
  return { t, client };
}

describe("client.reporting", () => {
  it("iterates every record across cursor pages, newest first", async () => {
    const { client } = await withRecords(5);
    const pages = [];
    for await (const page of client.reporting.pages({ limit: 2 })) pages.push(page.data.length);
    expect(pages).toEqual([2, 2, 1]);

    const records: RevenueRecord[] = [];
    for await (const record of client.reporting.list({ limit: 2, source: "single" })) records.push(record);
    expect(records.map((r) => r.external_id)).toEqual(["REP-5", "REP-4", "REP-3", "REP-2", "REP-1"]);
    expect(records[0]).toMatchObject({ amount: "5.25", amount_minor: 525, currency: "USD", labels: ["odd"] });

    const csv = await client.reporting.csv({ label: "even" });
    expect(csv.trim().split(/\r?\n/)).toHaveLength(3); // header + REP-4, REP-2
  });

  it("sums per month and label exactly, and reads MRR movements (months with a movement)", async () => {
    const { client } = await withRecords(3);
    const buckets = await client.reporting.summary({ interval: "month", group_by: "label", from: "2026-01-01", to: "2026-12-31" });
    expect(buckets.map((b) => [b.bucket, b.group, b.amount])).toEqual([
      ["2026-01", "odd", "1.25"],
      ["2026-02", "even", "2.25"],
      ["2026-03", "odd", "3.25"],
    ]);
    await client.accounts.upload("Globex,1200,2016-01-01,2016-03-31,MRR\n", { filename: "mrr.csv" });
    const months = await client.reporting.mrr({ from: "2016-01", to: "2016-04" });
    expect(months.map((m) => [m.month, m.new, m.churn])).toEqual([
      ["2016-01", "1200.00", "0.00"],
      ["2016-04", "0.00", "-1200.00"],
    ]);
  });
});
