import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deleteExpiredSalts, serverVisitorId } from "../../src/analytics/visitor-id";
import worker from "../../src/index";

const salts = () =>
  env.DB.prepare("SELECT day FROM visitor_salts ORDER BY day")
    .all<{ day: string }>()
    .then((r) => r.results.map((x) => x.day));
const browser = { siteId: "site_a", ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" };

// These tests set the clock through the `at` argument and run in order within this file.
describe("server-derived visitor ids (happy)", () => {
  it("gives one browser one id for a whole UTC day, and another id for another site, IP or User-Agent", async () => {
    const morning = new Date("2031-01-10T00:00:01Z");
    const night = new Date("2031-01-10T23:59:59Z");
    const id = await serverVisitorId(env.DB, browser, morning);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await serverVisitorId(env.DB, browser, night)).toBe(id);
    expect(await serverVisitorId(env.DB, { ...browser, siteId: "site_b" }, morning)).not.toBe(id);
    expect(await serverVisitorId(env.DB, { ...browser, ip: "203.0.113.8" }, morning)).not.toBe(id);
    expect(await serverVisitorId(env.DB, { ...browser, userAgent: `${browser.userAgent} Edg/156` }, morning)).not.toBe(id);
  });

  it("rotates the salt at midnight UTC, deleting the previous day's", async () => {
    const dayOne = await serverVisitorId(env.DB, browser, new Date("2031-01-11T12:00:00Z"));
    expect(await salts()).toEqual(["2031-01-11"]);
    const dayTwo = await serverVisitorId(env.DB, browser, new Date("2031-01-12T00:00:00Z"));
    expect(dayTwo).not.toBe(dayOne);
    expect(await salts()).toEqual(["2031-01-12"]);
  });

  it("never recreates a deleted salt for a request that computed its day just before midnight", async () => {
    await serverVisitorId(env.DB, browser, new Date("2031-01-14T00:00:00Z"));
    await serverVisitorId(env.DB, browser, new Date("2031-01-13T23:59:59.999Z"));
    expect(await salts()).toEqual(["2031-01-14"]);
  });

  it("deletes past salts from the daily cron even without traffic", async () => {
    await serverVisitorId(env.DB, browser, new Date("2031-01-15T08:00:00Z"));
    expect(await deleteExpiredSalts(env.DB, new Date("2031-01-15T23:00:00Z"))).toBe(0);
    expect(await deleteExpiredSalts(env.DB, new Date("2031-01-16T00:01:00Z"))).toBe(1);
    expect(await salts()).toEqual([]);
  });

  it("runs the salt deletion as the Worker's scheduled handler", async () => {
    await env.DB.prepare("INSERT INTO visitor_salts (day, salt) VALUES ('2000-01-01', 'old')").run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "1 0 * * *", scheduledTime: Date.now() }), env, ctx);
    expect(await salts()).not.toContain("2000-01-01");
  });
});
