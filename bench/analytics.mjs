// npm run bench:analytics — 1,000,000 pageviews and custom events of 10,000 visitors over the
// last 30 days, loaded through the real events consumer (consumeEvents, in queue-sized batches
// of 100, inside `wrangler dev`), plus identify calls and revenue events; then p50/p99 of each
// read API against two baselines measured in the same run, interleaved round-robin so noise
// hits them alike: GET /healthz (no storage), and the summary computed by scanning raw
// web_events (what the rollups save). Checks that the rollups agree with the raw events.
//
// The load route and the raw-scan route only exist because this script starts wrangler dev with
// ANALYTICS_BENCH=1, in the bench-only Worker bench/analytics/worker.ts (see bench/analytics/bench-routes.ts).
//
// Visitors are people: like @pulsora/core's server-derived ids, a person's visitor id changes
// every day. Per visitor: an activity weight (heavy-tailed), active days, 1+ sessions per
// active day; a session lands on a page with a referrer and UTM values, then browses; ~15% of
// hits are custom events. Deterministic (seeded). BENCH_EVENTS, BENCH_VISITORS, BENCH_ITERATIONS
// scale it down for a quick look.
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { percentile, round } from "./lib/stats.mjs";
import { machine, startWranglerDev } from "./lib/wrangler-dev.mjs";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const VISITORS = Number(process.env.BENCH_VISITORS ?? 10_000);
const DAYS = 30;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const RAW_ITERATIONS = Math.max(5, Math.round(ITERATIONS / 10));
const WARMUP = 5;
const PER_REQUEST = 1000; // 10 queue batches per load request
const REVENUE = Math.round(TOTAL / 200);

// Deterministic PRNG (mulberry32).
let seed = 0x5eed;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
/** Zipf-like: low indexes far more often. */
const popular = (list) => list[Math.min(list.length - 1, Math.floor(list.length * random() ** 2.5))];

const PATHS = [
  "/",
  "/pricing",
  "/features",
  "/blog",
  "/signup",
  "/login",
  "/checkout",
  "/docs",
  "/about",
  "/contact",
  ...Array.from({ length: 50 }, (_, i) => `/blog/post-${i}`),
];
const REFERRERS = [
  null,
  null,
  null,
  "google.com",
  "news.ycombinator.com",
  "twitter.com",
  "reddit.com",
  "bing.com",
  "duckduckgo.com",
  "facebook.com",
  "linkedin.com",
  ...Array.from({ length: 10 }, (_, i) => `blog${i}.example`),
];
const UTM_SOURCES = [null, null, null, null, "newsletter", "google", "twitter", "facebook", "partner", "podcast", "producthunt"];
const UTM_CAMPAIGNS = ["spring", "launch", "retargeting", "webinar", "black-friday", "brand", "docs", "promo-1", "promo-2", "promo-3"];
const LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP", "nl-NL", "it-IT", "pl-PL"];
const EVENT_NAMES = [
  "signup_click",
  "cta_click",
  "video_play",
  "download",
  "newsletter",
  "pricing_toggle",
  "search",
  "share",
  "copy_code",
  "add_to_cart",
  "begin_checkout",
  "outbound",
];

const DAY_MS = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const firstDay = today - DAYS * DAY_MS; // the 30 days before today
const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
const FROM = isoDay(firstDay);
const TO = isoDay(today - DAY_MS);
const hex32 = (s) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/** How many hits each visitor makes, and on which days: heavy-tailed, summing to TOTAL. */
function plan() {
  const weights = Array.from({ length: VISITORS }, () => 1 / (0.02 + random()) ** 1.2);
  const sum = weights.reduce((a, b) => a + b, 0);
  const hits = weights.map((w) => Math.max(1, Math.floor((w / sum) * TOTAL)));
  let missing = TOTAL - hits.reduce((a, b) => a + b, 0);
  for (let i = 0; missing !== 0; i = (i + 1) % VISITORS) {
    if (missing > 0) (hits[i] += 1), (missing -= 1);
    else if (hits[i] > 1) (hits[i] -= 1), (missing += 1);
  }
  // perDay[d] = list of [visitor, hits that day]
  const perDay = Array.from({ length: DAYS }, () => []);
  hits.forEach((n, v) => {
    const activeDays = Math.min(DAYS, 1 + Math.floor(n / 30));
    const days = new Set();
    while (days.size < activeDays) days.add(Math.floor(random() * DAYS));
    const list = [...days];
    list.forEach((d, i) => {
      const share = Math.floor(n / list.length) + (i < n % list.length ? 1 : 0);
      if (share) perDay[d].push([v, share]);
    });
  });
  return perDay;
}

let seq = 0;
const messageId = () => `evt_${hex32(`bench-${++seq}`)}`;

/** The day's pageviews and events, in time order; also the sessions started, for revenue. */
function dayMessages(siteId, d, visitorsOfDay) {
  const dayStart = firstDay + d * DAY_MS;
  const messages = [];
  const sessions = [];
  for (const [v, n] of visitorsOfDay) {
    const visitor = hex32(`visitor-${v}-day-${d}`); // a new id every day, as server-derived ids are
    const locale = LOCALES[v % LOCALES.length];
    let left = n;
    while (left > 0) {
      const size = Math.min(left, 1 + Math.floor(random() * 12));
      left -= size;
      const session = crypto.randomUUID();
      let t = dayStart + Math.floor(random() * (DAY_MS - 3_600_000));
      const utmSource = popular(UTM_SOURCES);
      const landing = { referrerSource: popular(REFERRERS), utmSource, utmCampaign: utmSource ? popular(UTM_CAMPAIGNS) : null };
      sessions.push({ session, visitor, t });
      for (let i = 0; i < size; i++) {
        const isEvent = i > 0 && random() < 0.17;
        const path = i === 0 ? popular(PATHS) : pick(PATHS);
        messages.push({
          v: 1,
          kind: "ingest",
          id: messageId(),
          siteId,
          receivedAt: new Date(t).toISOString(),
          event: {
            type: isEvent ? "event" : "pageview",
            visitorFingerprint: visitor,
            visitorSource: "server",
            sessionId: session,
            name: isEvent ? popular(EVENT_NAMES) : null,
            url: `https://shop.example${path}`,
            path,
            customerId: null,
            properties: isEvent ? { n: i } : null,
            occurredAt: new Date(t).toISOString(),
            referrer: null,
            referrerSource: i === 0 ? landing.referrerSource : null,
            title: path,
            locale: isEvent ? null : locale,
            utmSource: i === 0 ? landing.utmSource : null,
            utmMedium: i === 0 && utmSource ? "cpc" : null,
            utmCampaign: i === 0 ? landing.utmCampaign : null,
            utmTerm: null,
            utmContent: null,
            isBot: false,
          },
        });
        t += 5_000 + Math.floor(random() * 60_000);
      }
    }
  }
  messages.sort((a, b) => (a.event.occurredAt < b.event.occurredAt ? -1 : 1));
  return { messages, sessions };
}

/** Purchases a few minutes after a session started: linked by session id, by identify, or not at all. */
let purchases = 0;
function revenueMessages(siteId, sessions, count) {
  const out = [];
  for (let n = 0; n < count; n++) {
    const i = purchases++; // transaction and customer ids unique over the whole run
    const s = pick(sessions);
    const at = new Date(s.t + 120_000 + Math.floor(random() * 600_000)).toISOString();
    const customer = `cus_${i}`;
    const kind = random();
    const link =
      kind < 0.6
        ? { visitor: "backend", session: s.session }
        : kind < 0.8
          ? { visitor: "backend", session: "backend" }
          : { visitor: "backend", session: `unknown-${i}` };
    if (kind >= 0.6 && kind < 0.8) {
      out.push({
        v: 1,
        kind: "ingest",
        id: messageId(),
        siteId,
        receivedAt: at,
        event: {
          type: "identify",
          visitorFingerprint: s.visitor,
          visitorSource: "client",
          sessionId: s.session,
          name: null,
          url: null,
          path: null,
          customerId: customer,
          properties: null,
          occurredAt: at,
          isBot: false,
        },
      });
    }
    const currency = random() < 0.8 ? "USD" : "EUR";
    out.push({
      v: 1,
      kind: "ingest",
      id: messageId(),
      siteId,
      receivedAt: at,
      event: {
        type: "revenue",
        transactionId: `tx_${i}`,
        amountMinor: 500 + Math.floor(random() * 50_000),
        currency,
        eventType: "purchase",
        customerId: customer,
        visitorFingerprint: link.visitor,
        sessionId: link.session,
        paymentProcessor: "stripe",
        subscriptionId: null,
        mrrImpactMinor: null,
        isRecurring: null,
        metadata: null,
      },
    });
  }
  return out;
}

const loadBefore = loadavg().map((x) => round(x, 1));
const server = await startWranglerDev({
  port: 8842,
  inspectorPort: 8843,
  name: "bench-analytics",
  script: "bench/analytics/worker.ts",
  workerVars: { ANALYTICS_BENCH: "1" },
});
try {
  const { siteId, token } = await server.tenant();
  const auth = { authorization: `Bearer ${token}` };

  // Two requests in flight, so the Worker parses one while D1 writes the other (D1 has one
  // writer: more would only queue). The rollups do not depend on the order of arrival.
  async function load(messages) {
    const chunks = [];
    for (let i = 0; i < messages.length; i += PER_REQUEST) chunks.push(JSON.stringify(messages.slice(i, i + PER_REQUEST)));
    const worker = async () => {
      for (let body = chunks.shift(); body !== undefined; body = chunks.shift()) {
        const res = await fetch(`${server.base}/__bench/analytics/consume`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body,
        });
        if (res.status !== 200) throw new Error(`load: ${res.status} ${await res.text()}`);
      }
    };
    await Promise.all([worker(), worker()]);
  }

  // Load, one day after another (time order within a day, as traffic arrives).
  const perDay = plan();
  const loadStart = performance.now();
  let loaded = 0;
  let revenueLoaded = 0;
  for (let d = 0; d < DAYS; d++) {
    const { messages, sessions } = dayMessages(siteId, d, perDay[d]);
    await load(messages);
    loaded += messages.length;
    const revenue = revenueMessages(siteId, sessions, Math.round(REVENUE / DAYS));
    await load(revenue);
    revenueLoaded += revenue.length;
    process.stderr.write(
      `\rloaded ${loaded.toLocaleString("en-US")} events (day ${d + 1}/${DAYS}), ${Math.round(loaded / ((performance.now() - loadStart) / 1000))} events/s   `,
    );
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  process.stderr.write("\n");

  const get = async (path) => {
    const started = performance.now();
    const res = await fetch(`${server.base}${path}`, { headers: auth });
    const body = await res.json();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };

  // Exactness: the rollups agree with a scan of the raw events, day by day.
  const summary = (await get(`/v1/${siteId}/analytics/summary?from=${FROM}&to=${TO}`)).body;
  const raw = (await get(`/__bench/analytics/${siteId}/raw-summary?from=${FROM}&to=${TO}`)).body.data;
  const rawByDay = Object.fromEntries(raw.map((r) => [r.day, r]));
  const mismatches = summary.data.filter((b) => {
    const r = rawByDay[b.bucket] ?? { visitors: 0, sessions: 0, pageviews: 0, events: 0 };
    return r.visitors !== b.visitors || r.sessions !== b.sessions || r.pageviews !== b.pageviews || r.events !== b.events;
  });
  const busiest = (await get(`/v1/${siteId}/events?limit=1`)).body.data[0].visitor_fingerprint;

  const scenarios = [
    ["GET /healthz (baseline)", "/healthz", ITERATIONS],
    ["raw scan: summary from web_events (baseline)", `/__bench/analytics/${siteId}/raw-summary?from=${FROM}&to=${TO}`, RAW_ITERATIONS],
    ["summary, 30 days by day", `/v1/${siteId}/analytics/summary?from=${FROM}&to=${TO}`, ITERATIONS],
    ["summary, 30 days by week", `/v1/${siteId}/analytics/summary?from=${FROM}&to=${TO}&interval=week`, ITERATIONS],
    ["breakdown by path, 30 days", `/v1/${siteId}/analytics/breakdown?by=path&from=${FROM}&to=${TO}`, ITERATIONS],
    ["breakdown by utm_source, 30 days", `/v1/${siteId}/analytics/breakdown?by=utm_source&from=${FROM}&to=${TO}`, ITERATIONS],
    ["breakdown by event_name, 30 days", `/v1/${siteId}/analytics/breakdown?by=event_name&from=${FROM}&to=${TO}`, ITERATIONS],
    ["events, newest 100", `/v1/${siteId}/events?limit=100`, ITERATIONS],
    ["events of one visitor", `/v1/${siteId}/events?visitor=${busiest}`, ITERATIONS],
    ["events, type=event, 100", `/v1/${siteId}/events?type=event&limit=100`, ITERATIONS],
    [
      "attribution last_touch by utm_source, 30 days",
      `/v1/${siteId}/revenue/attribution?from=${FROM}&to=${TO}&by=utm_source&model=last_touch`,
      ITERATIONS,
    ],
    [
      "attribution first_touch by landing_path, 30 days",
      `/v1/${siteId}/revenue/attribution?from=${FROM}&to=${TO}&by=landing_path&model=first_touch`,
      ITERATIONS,
    ],
  ];
  for (const [, path] of scenarios) for (let i = 0; i < WARMUP; i++) await get(path);
  const timings = scenarios.map(() => []);
  for (let round_ = 0; round_ < ITERATIONS; round_++) {
    for (const [i, [, path, n]] of scenarios.entries()) if (round_ < n) timings[i].push((await get(path)).ms);
  }
  const results = scenarios.map(([name], i) => {
    const sorted = timings[i].sort((a, b) => a - b);
    return { name, iterations: sorted.length, p50ms: round(percentile(sorted, 50)), p99ms: round(percentile(sorted, 99)) };
  });
  const health = results[0];
  const rawScan = results[1];

  const db = server.d1();
  const rows = Object.fromEntries(
    ["web_events", "web_daily_totals", "web_daily_breakdown", "web_daily_members", "web_sessions", "ledger"].map((t) => [
      t,
      db.prepare(`SELECT count(*) AS n FROM ${t}`).get().n,
    ]),
  );
  const attribution = (await get(`/v1/${siteId}/revenue/attribution?from=${FROM}&to=${TO}`)).body.totals;

  const result = {
    machine: machine(),
    // The machine is shared: its load average (1, 5, 15 min) before and after the run.
    loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x, 1)) },
    data: { events: loaded, visitors: VISITORS, days: DAYS, from: FROM, to: TO, identifyAndRevenueMessages: revenueLoaded, rows },
    load: { seconds: round(loadSeconds, 1), eventsPerSecond: Math.round(loaded / loadSeconds) },
    exact: {
      pageviewsPlusEvents: summary.totals.pageviews + summary.totals.events,
      expected: loaded,
      daysDisagreeingWithRawScan: mismatches.length,
    },
    summaryTotals: summary.totals,
    attributionTotals: attribution,
    latency: results.map((r) => ({
      ...r,
      p50VsHealthz: round(r.p50ms / health.p50ms, 1),
      p50VsRawScan: round(r.p50ms / rawScan.p50ms, 3),
    })),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\n${loaded.toLocaleString("en-US")} events loaded in ${result.load.seconds} s (${result.load.eventsPerSecond} events/s); rollups exact: ${result.exact.pageviewsPlusEvents === loaded && mismatches.length === 0}\n` +
      results.map((r) => `${r.name}: p50 ${r.p50ms} ms, p99 ${r.p99ms} ms`).join("\n") +
      `\n(healthz p50 ${health.p50ms} ms; raw scan p50 ${rawScan.p50ms} ms)`,
  );
} finally {
  await server.stop();
}
