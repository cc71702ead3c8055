import type { RevenueEdge, RevenueQuery, RevenueRecord } from "@revenue-edge/sdk";
import { vi } from "vitest";

/** Waits until the ledger holds `count` records matching `query` (events arrive through the queue). */
export async function ledgerRecords(client: RevenueEdge, query: RevenueQuery, count: number): Promise<RevenueRecord[]> {
  let records: RevenueRecord[] = [];
  await vi.waitUntil(
    async () => {
      records = [];
      for await (const r of client.reporting.list(query)) records.push(r);
      return records.length >= count;
    },
    { timeout: 30_000, interval: 250 },
  );
  return records;
}
