import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page, type Request, type Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// @ts-expect-error -- a plain .mjs helper shared with the benchmarks
import { startWranglerDev } from "../../bench/lib/wrangler-dev.mjs";
import { startPageServer } from "./support/page-server";

// The published tracker, unmodified (@pulsora/core 1.0.1 from node_modules), in Debian's
// Chromium, on a page served from another origin than the Worker, against `wrangler dev`.
// Ports stay in 8840-8859 (override with BROWSER_TEST_PORT_BASE): Worker, its inspector, pages.

const PORT_BASE = Number(process.env.BROWSER_TEST_PORT_BASE ?? 8850);
const WORKER_PORT = PORT_BASE;
const INSPECTOR_PORT = PORT_BASE + 1;
const PAGE_PORT = PORT_BASE + 2;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PAGE_ORIGIN = `http://localhost:${PAGE_PORT}`; // the Worker is http://127.0.0.1:<WORKER_PORT>: another origin

type Server = {
  base: string;
  adminHeaders: Record<string, string>;
  stop(): Promise<void>;
};

let server: Server;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let browser: Browser;
let userAgent: string;

async function admin<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.base}${path}`, { method: "POST", headers: server.adminHeaders, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A site with a secret token (for reading) and a public token with the given options. */
async function site(publicToken: { allowed_origins?: string[]; rate_limit?: { limit: number; window_seconds: number } } = {}) {
  const s = await admin<{ id: string }>("/admin/sites", { name: `browser ${Date.now()}` });
  const secret = await admin<{ token: string }>(`/admin/sites/${s.id}/tokens`, { kind: "secret" });
  const pub = await admin<{ token: string }>(`/admin/sites/${s.id}/tokens`, { kind: "public", ...publicToken });
  return { siteId: s.id, secret: secret.token, public: pub.token };
}

async function read<T = any>(siteId: string, secret: string, path: string): Promise<T> {
  const res = await fetch(`${server.base}/v1/${siteId}${path}`, { headers: { authorization: `Bearer ${secret}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls a read API until `done` holds (events go through the queue: about a second). */
function waitFor<T>(fetchIt: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  return vi.waitUntil(
    async () => {
      const value = await fetchIt();
      return done(value) ? value : false;
    },
    { timeout: 30_000, interval: 250 },
  );
}

const today = () => new Date().toISOString().slice(0, 10);

/** A browser context whose pages report a plain (non-headless) Chrome User-Agent, as a visitor's would. */
async function visitorContext(options: { withoutBeacon?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent });
  // The fetch transport is what @pulsora/core uses when navigator.sendBeacon is missing.
  if (options.withoutBeacon)
    await context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, "sendBeacon", { value: undefined, configurable: true }),
    );
  return context;
}

/** Requests the page makes to the ingest endpoint, and their responses. */
function recordIngest(page: Page) {
  const requests: Request[] = [];
  const responses: Array<{ response: Response; at: number }> = [];
  const failed: Request[] = [];
  page.on("requestfailed", (r) => {
    if (r.url().endsWith("/api/ingest")) failed.push(r);
  });
  page.on("request", (r) => {
    if (r.url().endsWith("/api/ingest")) requests.push(r);
  });
  page.on("response", (r) => {
    if (r.url().endsWith("/api/ingest")) responses.push({ response: r, at: Date.now() });
  });
  return { requests, responses, failed };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does it`);
  server = await startWranglerDev({ port: WORKER_PORT, inspectorPort: INSPECTOR_PORT, name: "browser-test" });
  pages = await startPageServer(PAGE_PORT);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // Headless Chromium says "HeadlessChrome", which the bot list rightly refuses to count.
  userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await server?.stop();
});

describe("@pulsora/core 1.0.1 in Chromium, from another origin", () => {
  it("script tag, sendBeacon: the automatic pageview, a custom event and an SPA navigation are readable through the analytics APIs", async () => {
    const t = await site();
    pages.setPage({ token: t.public, endpoint: `${server.base}/api/ingest` });
    const context = await visitorContext();
    const page = await context.newPage();
    const ingest = recordIngest(page);

    await page.goto(`${PAGE_ORIGIN}/shop/landing?utm_source=newsletter&utm_campaign=launch`, { referer: "https://www.news.example/story" });
    await vi.waitUntil(() => ingest.requests.length >= 1, { timeout: 15_000 });
    await page.evaluate(() => (globalThis as any).pulsora.event("signup_click", { plan: "pro" }));
    await page.evaluate(() => (globalThis as any).history.pushState({}, "", "/shop/pricing"));
    await vi.waitUntil(() => ingest.requests.length >= 3, { timeout: 15_000 });
    // Beacons: text/plain POSTs (no preflight; the token travels in the body, which Chromium
    // does not show for beacons, hence no look at it here).
    expect(ingest.requests.every((r) => r.method() === "POST" && /text\/plain/.test(r.headers()["content-type"] ?? ""))).toBe(true);

    const summary = await waitFor(
      () => read(t.siteId, t.secret, `/analytics/summary?from=${today()}&to=${today()}`),
      (s) => s.totals.pageviews >= 2 && s.totals.events >= 1,
    );
    expect(summary.totals).toEqual({ visitors: 1, sessions: 1, pageviews: 2, events: 1 });

    const paths = await read(t.siteId, t.secret, `/analytics/breakdown?by=path&from=${today()}&to=${today()}`);
    expect(paths.data).toEqual([
      { value: "/shop/landing", visitors: 1, pageviews: 1, events: 1 },
      { value: "/shop/pricing", visitors: 1, pageviews: 1, events: 0 },
    ]);
    const names = await read(t.siteId, t.secret, `/analytics/breakdown?by=event_name&from=${today()}&to=${today()}`);
    expect(names.data).toEqual([{ value: "signup_click", visitors: 1, pageviews: 0, events: 1 }]);
    const referrers = await read(t.siteId, t.secret, `/analytics/breakdown?by=referrer_source&from=${today()}&to=${today()}`);
    expect(referrers.data).toEqual([{ value: "news.example", visitors: 1, pageviews: 2, events: 0 }]);
    const utm = await read(t.siteId, t.secret, `/analytics/breakdown?by=utm_source&from=${today()}&to=${today()}`);
    expect(utm.data).toEqual([
      { value: null, visitors: 1, pageviews: 1, events: 0 },
      { value: "newsletter", visitors: 1, pageviews: 1, events: 0 },
    ]);

    const events = await read(t.siteId, t.secret, "/events");
    expect(events.data.map((e: any) => [e.type, e.path])).toEqual(
      expect.arrayContaining([
        ["pageview", "/shop/landing"],
        ["event", "/shop/landing"],
        ["pageview", "/shop/pricing"],
      ]),
    );
    const landing = events.data.find((e: any) => e.path === "/shop/landing" && e.type === "pageview");
    expect(landing).toMatchObject({
      visitor_source: "server",
      url: `${PAGE_ORIGIN}/shop/landing?utm_source=newsletter&utm_campaign=launch`,
      referrer: "https://www.news.example/story",
      referrer_source: "news.example",
      title: "Shop",
      utm_source: "newsletter",
      utm_campaign: "launch",
      is_bot: false,
    });
    expect(landing.locale).toMatch(/^[a-z]{2}/i);
    expect(landing.visitor_fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // One browser, one visitor and one session for the page and its SPA navigation.
    expect(new Set(events.data.map((e: any) => e.visitor_fingerprint)).size).toBe(1);
    expect(new Set(events.data.map((e: any) => e.session_id)).size).toBe(1);
    expect(events.data.find((e: any) => e.type === "event")).toMatchObject({ event_name: "signup_click", event_data: { plan: "pro" } });
    await context.close();
  });

  it("ESM build, fetch transport with its preflight, public token limited to the page's origin; another origin stores nothing", async () => {
    const t = await site({ allowed_origins: [PAGE_ORIGIN] });
    pages.setPage({ token: t.public, endpoint: `${server.base}/api/ingest` });
    const context = await visitorContext({ withoutBeacon: true });

    const page = await context.newPage();
    const ingest = recordIngest(page);
    await page.goto(`${PAGE_ORIGIN}/esm/home?build=esm`);
    await page.waitForFunction(() => (globalThis as any).tracker);
    await page.evaluate(() => (globalThis as any).tracker.event("esm_event"));
    await vi.waitUntil(() => ingest.responses.filter((r) => r.response.request().method() === "POST").length >= 2, { timeout: 15_000 });
    const posts = ingest.responses.filter((r) => r.response.request().method() === "POST");
    expect(posts.map((r) => r.response.status())).toEqual([202, 202]);
    // JSON with X-API-Token from another origin: Chromium sent each only after a CORS preflight
    // passed (preflights are not reported to Playwright as requests of the page).
    expect(posts[0]!.response.request().headers()).toMatchObject({ "content-type": "application/json", "x-api-token": t.public });

    // The same page and token from http://127.0.0.1:<port>: an origin the token does not allow.
    const other = await context.newPage();
    const refused = recordIngest(other);
    await other.goto(`http://127.0.0.1:${PAGE_PORT}/esm/elsewhere?build=esm`);
    // The 403 carries no Access-Control-Allow-Origin, so the page cannot even read it: the
    // tracker sees a network error (and would retry with backoff; the page is closed first).
    await vi.waitUntil(() => refused.failed.some((r) => r.method() === "POST"), { timeout: 15_000 });
    expect(refused.responses.filter((r) => r.response.request().method() === "POST")).toEqual([]);
    await other.close();

    const summary = await waitFor(
      () => read(t.siteId, t.secret, `/analytics/summary?from=${today()}&to=${today()}`),
      (s) => s.totals.pageviews >= 1 && s.totals.events >= 1,
    );
    expect(summary.totals).toMatchObject({ pageviews: 1, events: 1 });
    const stored = await read(t.siteId, t.secret, "/events");
    expect(stored.data.map((e: any) => e.path).sort()).toEqual(["/esm/home", "/esm/home"]);
    await context.close();
  });

  it("fetch transport through a 429: the page reads Retry-After and the tracker retries after it, and the event arrives", async () => {
    const t = await site({ rate_limit: { limit: 1, window_seconds: 4 } });
    pages.setPage({ token: t.public, endpoint: `${server.base}/api/ingest` });
    const context = await visitorContext({ withoutBeacon: true });
    const page = await context.newPage();
    const ingest = recordIngest(page);
    await page.goto(`${PAGE_ORIGIN}/limited`);
    await vi.waitUntil(() => ingest.responses.some((r) => r.response.request().method() === "POST"), { timeout: 15_000 });
    // The pageview and two events within a few milliseconds: a limit of 1 per 4 s window
    // refuses at least one of them.
    await page.evaluate(() => {
      (globalThis as any).pulsora.event("burst", { n: 1 });
      (globalThis as any).pulsora.event("burst", { n: 2 });
    });
    const limited = await vi.waitUntil(() => ingest.responses.find((r) => r.response.status() === 429), { timeout: 15_000 });
    const headers = limited.response.headers();
    const retryAfter = Number(headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect(headers["access-control-allow-origin"]).toBe(PAGE_ORIGIN);
    expect(headers["access-control-expose-headers"]).toMatch(/Retry-After/i);

    const body = limited.response.request().postData();
    const retried = await vi.waitUntil(
      () =>
        ingest.requests.find(
          (r) =>
            r.method() === "POST" &&
            r.postData() === body &&
            ingest.requests.indexOf(r) > ingest.requests.indexOf(limited.response.request()),
        ),
      { timeout: 30_000, interval: 100 },
    );
    const retriedAt = await vi.waitUntil(() => ingest.responses.find((r) => r.response.request() === retried)?.at, { timeout: 30_000 });
    // Not before Retry-After (small allowance for when Node saw the two events), and not after
    // the tracker's 60 s fallback, which it uses when it cannot read the header.
    expect(retriedAt - limited.at).toBeGreaterThanOrEqual(retryAfter * 1000 - 500);

    const events = await waitFor(
      () => read(t.siteId, t.secret, "/events?type=event"),
      (page) => page.data.length >= 2,
    );
    expect(events.data.map((e: any) => e.event_data.n).sort()).toEqual([1, 2]);
    await context.close();
  });
});
