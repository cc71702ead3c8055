import { vi } from "vitest";
import { call, json } from "./http";

let counter = 0;

/** A valid revenue event payload with a unique transaction id. */
export function revenueData(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    visitor_fingerprint: "fp_abc",
    session_id: "sess_xyz",
    customer_id: "cus_42",
    amount: 499.99,
    currency: "USD",
    transaction_id: `ch_${crypto.randomUUID()}_${counter}`,
    payment_processor: "stripe",
    event_type: "purchase",
    ...overrides,
  };
}

export function ingest(token: string, type: string, data: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return json("POST", "/api/ingest", { type, data }, { "x-api-token": token, ...headers });
}

type Page = { data: Array<Record<string, unknown>>; next_cursor: string | null };

export async function listRevenue(siteId: string, token: string, query = ""): Promise<Page> {
  const res = await call(`/v1/${siteId}/revenue${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`list revenue: ${res.status} ${await res.text()}`);
  return (await res.json()) as Page;
}

/** Polls the ledger (through the API) until `count` records are there: queue delivery is asynchronous. */
export async function waitForRevenue(siteId: string, token: string, count: number, query = ""): Promise<Page> {
  return vi.waitUntil(
    async () => {
      const page = await listRevenue(siteId, token, query);
      return page.data.length >= count ? page : false;
    },
    { timeout: 15_000, interval: 50 },
  );
}
