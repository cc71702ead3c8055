import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RateLimiter } from "../../src/ratelimit/rate-limiter";
import { ingest, revenueData } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call, json } from "../support/http";

const limiterOf = (tokenId: string) => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`tok:${tokenId}`));

/** Breaks the token's rate-limit object for real: its storage loses the table it writes to. */
async function breakLimiter(tokenId: string) {
  await runInDurableObject(limiterOf(tokenId), (_instance: RateLimiter, state) => {
    state.storage.sql.exec("DROP TABLE usage");
  });
}

const ledgerRows = async (siteId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM ledger WHERE site_id = ?").bind(siteId).first<{ n: number }>())?.n ?? 0;

afterEach(() => vi.restoreAllMocks());

describe("rate limiter failures", () => {
  it("an object that throws answers 503 with Retry-After in each surface's error shape, admits nothing, and is logged", async () => {
    const t = await createTenant();
    const auth = { authorization: `Bearer ${t.secret}` };
    expect((await call(`/v1/${t.site.id}/revenue`, { headers: auth })).status).toBe(200);
    await breakLimiter(t.secretId);
    const logged = vi.spyOn(console, "error");

    const event = await ingest(t.secret, "revenue", revenueData());
    expect(event.status).toBe(503);
    expect(event.headers.get("retry-after")).toBe("1");
    expect(await event.json()).toEqual({ error: "Rate limiter unavailable, retry later" });

    const history = await json("POST", "/v2/history/revenue", { records: [] }, { "x-api-key": t.secret });
    expect(history.status).toBe(503);
    expect(history.headers.get("retry-after")).toBe("1");
    expect(await history.json()).toEqual({ error: "Rate limiter unavailable, retry later", code: "service_unavailable" });

    const single = await json("PUT", `/v1/${t.site.id}/revenue/upload`, {}, auth);
    expect(single.status).toBe(503);
    expect(await single.json()).toEqual({ message: "Rate limiter unavailable, retry later" });

    const form = new FormData();
    form.append("file", new File(["Acme,100,2016-01-01,2016-12-31,ARR\n"], "a.csv"));
    const accounts = await call("/v4.1/company/revenue_file_automate.json", {
      method: "POST",
      headers: { authorization: `api_key ${t.secret}` },
      body: form,
    });
    expect(accounts.status).toBe(503);
    expect(await accounts.json()).toEqual({
      Data: false,
      Errors: [{ record: null, field: null, message: "Rate limiter unavailable, retry later" }],
    });

    const native = await call(`/v1/${t.site.id}/revenue`, { headers: auth });
    expect(native.status).toBe(503);
    expect(native.headers.get("retry-after")).toBe("1");
    const body = (await native.json()) as { error: { code: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: "Rate limiter unavailable, retry later" });
    expect(body.error.requestId).toBe(native.headers.get("x-request-id"));

    const lines = logged.mock.calls.map((args) => String(args[0])).filter((l) => l.includes("rate limiter unavailable"));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", tokenId: t.secretId });
    expect(lines.join("\n")).not.toContain(t.secret);
    await new Promise((r) => setTimeout(r, 300));
    expect(await ledgerRows(t.site.id)).toBe(0);
  });

  it("a limit the object cannot apply (a corrupt window in storage) is a 503, never a silent admit", async () => {
    const t = await createTenant();
    // A token never used yet (so no isolate has cached it), whose stored window is corrupt.
    const tokenRes = await json(
      "POST",
      `/admin/sites/${t.site.id}/tokens`,
      { kind: "secret" },
      { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    );
    const fresh = (await tokenRes.json()) as { id: string; token: string };
    await env.DB.prepare("UPDATE api_tokens SET rate_limit = 10, rate_window_seconds = 0 WHERE id = ?").bind(fresh.id).run();
    const res = await ingest(fresh.token, "revenue", revenueData());
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
  });
});
