import { RevenueEdge } from "@revenue-edge/sdk";
import { describe, expect, it, vi } from "vitest";
import { ledgerRecords } from "./support/ledger";
import { tenant, workerUrl } from "./support/tenant";

const today = () => new Date().toISOString().slice(0, 10);

/** Web events as a browser sends them: Node's own User-Agent is counted as a bot, and bots are left out of analytics. */
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const asBrowser = (request: Request) => {
  const headers = new Headers(request.headers);
  headers.set("user-agent", BROWSER_UA);
  return fetch(new Request(request, { headers }));
};

describe("client.analytics", () => {
  it("reads visitors and pageviews, top pages and sources, raw events, and revenue attributed to the visit's source", async () => {
    const t = await tenant();
    const browser = new RevenueEdge({ baseUrl: workerUrl(), token: t.publicToken, fetch: asBrowser });
    for (const [fp, path, utm] of [
      ["fp_a", "/pricing", "newsletter"],
      ["fp_a", "/checkout", "newsletter"],
      ["fp_b", "/pricing", "ads"],
    ] as const) {
      await browser.events.pageview({
        visitor_fingerprint: fp,
        session_id: `s_${fp}`,
        url: `https://shop.example${path}`,
        path,
        utm_source: utm,
      });
    }
    const client = t.client();
    await client.events.revenue({
      visitor_fingerprint: "fp_a",
      session_id: "s_fp_a",
      customer_id: "cus_a",
      amount: 30,
      currency: "USD",
      transaction_id: "ch_analytics_1",
    });
    await ledgerRecords(client, { source: "event" }, 1);

    const range = { from: today(), to: today() };
    const summary = await vi.waitUntil(
      async () => {
        const s = await client.analytics.summary({ ...range, interval: "day" });
        return s.totals.pageviews >= 3 ? s : undefined;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(summary).toMatchObject({ interval: "day", totals: { visitors: 2, sessions: 2, pageviews: 3 } });
    expect(summary.data).toEqual([expect.objectContaining({ bucket: today(), visitors: 2, pageviews: 3 })]);

    const pages = await client.analytics.breakdown({ by: "path", ...range, limit: 10 });
    expect(pages.by).toBe("path");
    expect(pages.data.map((r) => [r.value, r.pageviews])).toEqual([
      ["/pricing", 2],
      ["/checkout", 1],
    ]);
    const sources = await client.analytics.breakdown({ by: "utm_source", ...range });
    expect(Object.fromEntries(sources.data.map((r) => [r.value, r.visitors]))).toEqual({ newsletter: 1, ads: 1 });

    const events = await client.analytics.events({ type: "pageview", limit: 2 });
    expect(events.data).toHaveLength(2);
    expect(events.next_cursor).toEqual(expect.any(String));
    expect(events.data[0]).toMatchObject({ type: "pageview", url: expect.stringMatching(/^https:\/\/shop\.example\//) });

    const attribution = await client.analytics.attribution({ by: "utm_source", model: "last_touch", ...range });
    expect(attribution).toMatchObject({ by: "utm_source", model: "last_touch" });
    expect(attribution.data).toEqual([{ channel: "newsletter", currency: "USD", amount: "30.00", amount_minor: 3000, count: 1 }]);
    expect(attribution.totals).toEqual([expect.objectContaining({ currency: "USD", attributed_amount: "30.00", unattributed_count: 0 })]);
  });
});
