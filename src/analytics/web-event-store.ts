import { chunkJsonRows } from "../db/json-rows";
import { breakdownDimensions } from "../db/schema";

// Stores pageviews, custom events and identify calls together with the rollups that the read
// APIs answer from (web_daily_totals, web_daily_breakdown, web_sessions, session_customers).
//
// Idempotent under redelivery, in one transaction: every rollup statement counts only the rows
// whose id is not yet in web_events, and the web_events insert comes last in the same D1 batch.
// A message delivered twice therefore adds nothing the second time, and a batch that fails
// rolls back its counts together with its events. Distinct counts (visitors, sessions, visitors
// per value) are incremental through web_daily_members: a member is counted for a day only when
// it is not there yet, and the members are written after the counts, in the same transaction.

/** One web event as the consumer binds it (JSON, expanded with json_each). */
export type WebEventRow = {
  id: string;
  siteId: string;
  type: "pageview" | "event" | "identify";
  visitorFingerprint: string;
  visitorSource: "client" | "server";
  sessionId: string;
  name: string | null;
  url: string | null;
  path: string | null;
  referrer: string | null;
  referrerSource: string | null;
  title: string | null;
  locale: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  customerId: string | null;
  /** JSON text of `event_data`, or null. */
  properties: string | null;
  isBot: boolean;
  occurredAt: string;
  receivedAt: string;
};

// The rows of this batch that are not stored yet and are pageviews or events. `''` stands for
// "no value" in the rollups (an empty utm_source is no utm_source).
const NEW_ROWS = `
n AS MATERIALIZED (
  SELECT e.value->>'siteId' AS site_id, substr(e.value->>'occurredAt', 1, 10) AS day, e.value->>'type' AS type,
    e.value->>'visitorFingerprint' AS visitor, e.value->>'sessionId' AS session, e.value->>'isBot' AS is_bot,
    coalesce(e.value->>'name', '') AS event_name, coalesce(e.value->>'path', '') AS path,
    coalesce(e.value->>'referrerSource', '') AS referrer_source, coalesce(e.value->>'utmSource', '') AS utm_source,
    coalesce(e.value->>'utmMedium', '') AS utm_medium, coalesce(e.value->>'utmCampaign', '') AS utm_campaign,
    coalesce(e.value->>'locale', '') AS locale
  FROM json_each(?1) AS e
  WHERE e.value->>'type' IN ('pageview', 'event')
    AND NOT EXISTS (SELECT 1 FROM web_events AS w WHERE w.id = e.value->>'id')
)`;

// One row per (new counted hit, dimension): pageviews carry every dimension, custom events
// their path and name (the Pulsora tracker sends no referrer, UTM or locale with events).
// `visitor` and `session` are the day's distinct-visitor and distinct-session memberships.
// (A join on a JSON list rather than UNION ALL: D1 caps the terms of a compound SELECT.)
const dimensionRows = (keys: readonly string[]) => `
d AS (
  SELECT n.site_id, n.day, k.value AS dim,
    CASE k.value WHEN 'path' THEN n.path WHEN 'referrer_source' THEN n.referrer_source WHEN 'utm_source' THEN n.utm_source
      WHEN 'utm_medium' THEN n.utm_medium WHEN 'utm_campaign' THEN n.utm_campaign WHEN 'locale' THEN n.locale
      WHEN 'event_name' THEN n.event_name ELSE '' END AS value,
    CASE k.value WHEN 'session' THEN n.session ELSE n.visitor END AS member,
    n.type
  FROM n JOIN json_each('${JSON.stringify(keys)}') AS k
  WHERE NOT n.is_bot
    AND (k.value IN ('path', 'visitor', 'session') OR (k.value = 'event_name') = (n.type = 'event'))
)`;

const BREAKDOWN_KEYS = breakdownDimensions;

const notMember = (dimension: string, value: string, member: string, from: string) =>
  `NOT EXISTS (SELECT 1 FROM web_daily_members AS m WHERE m.site_id = ${from}.site_id AND m.day = ${from}.day
     AND m.dimension = ${dimension} AND m.value = ${value} AND m.member = ${member})`;

const UPSERT_TOTALS = `
WITH ${NEW_ROWS}
INSERT INTO web_daily_totals (site_id, day, pageviews, events, visitors, sessions, bot_hits)
SELECT site_id, day,
  sum(NOT is_bot AND type = 'pageview'),
  sum(NOT is_bot AND type = 'event'),
  count(DISTINCT CASE WHEN NOT is_bot AND ${notMember("'visitor'", "''", "n.visitor", "n")} THEN visitor END),
  count(DISTINCT CASE WHEN NOT is_bot AND ${notMember("'session'", "''", "n.session", "n")} THEN session END),
  sum(is_bot)
FROM n WHERE true
GROUP BY site_id, day
ON CONFLICT (site_id, day) DO UPDATE SET
  pageviews = pageviews + excluded.pageviews, events = events + excluded.events,
  visitors = visitors + excluded.visitors, sessions = sessions + excluded.sessions, bot_hits = bot_hits + excluded.bot_hits`;

// `g`: each distinct (day, dimension, value, member) of the batch once, with its hits, so the
// membership of a visitor who made several hits is looked up once.
const DISTINCT_MEMBERS = `
g AS MATERIALIZED (
  SELECT site_id, day, dim, value, member, sum(type = 'pageview') AS pageviews, sum(type = 'event') AS events
  FROM d GROUP BY site_id, day, dim, value, member
)`;

const UPSERT_BREAKDOWN = `
WITH ${NEW_ROWS}, ${dimensionRows(BREAKDOWN_KEYS)}, ${DISTINCT_MEMBERS}
INSERT INTO web_daily_breakdown (site_id, dimension, day, value, visitors, pageviews, events)
SELECT site_id, dim, day, value, sum(${notMember("g.dim", "g.value", "g.member", "g")}), sum(pageviews), sum(events)
FROM g WHERE true
GROUP BY site_id, dim, day, value
ON CONFLICT (site_id, dimension, day, value) DO UPDATE SET
  visitors = visitors + excluded.visitors, pageviews = pageviews + excluded.pageviews, events = events + excluded.events`;

// After the counts: from now on these members are "already counted" for their day.
const INSERT_MEMBERS = `
WITH ${NEW_ROWS}, ${dimensionRows([...BREAKDOWN_KEYS, "visitor", "session"])}
INSERT OR IGNORE INTO web_daily_members (site_id, day, dimension, value, member)
SELECT DISTINCT site_id, day, dim, value, member FROM d WHERE true`;

// A session's landing pageview is its earliest (then smallest id): whatever order the
// pageviews arrive in, and however often, the session ends up with the same touch.
const UPSERT_SESSIONS = `
WITH p AS (
  SELECT e.value->>'siteId' AS site_id, e.value->>'sessionId' AS session_id, e.value->>'visitorFingerprint' AS visitor,
    e.value->>'occurredAt' AS started_at, e.value->>'id' AS id, e.value->>'path' AS path,
    e.value->>'referrerSource' AS referrer_source, e.value->>'utmSource' AS utm_source,
    e.value->>'utmMedium' AS utm_medium, e.value->>'utmCampaign' AS utm_campaign,
    row_number() OVER (PARTITION BY e.value->>'siteId', e.value->>'sessionId' ORDER BY e.value->>'occurredAt', e.value->>'id') AS rn
  FROM json_each(?1) AS e
  WHERE e.value->>'type' = 'pageview' AND NOT (e.value->>'isBot')
)
INSERT INTO web_sessions (site_id, session_id, visitor_fingerprint, started_at, landing_event_id, landing_path, referrer_source, utm_source, utm_medium, utm_campaign)
SELECT site_id, session_id, visitor, started_at, id, path, referrer_source, utm_source, utm_medium, utm_campaign FROM p WHERE rn = 1
ON CONFLICT (site_id, session_id) DO UPDATE SET
  visitor_fingerprint = excluded.visitor_fingerprint, started_at = excluded.started_at, landing_event_id = excluded.landing_event_id,
  landing_path = excluded.landing_path, referrer_source = excluded.referrer_source, utm_source = excluded.utm_source,
  utm_medium = excluded.utm_medium, utm_campaign = excluded.utm_campaign
WHERE (excluded.started_at, excluded.landing_event_id) < (web_sessions.started_at, web_sessions.landing_event_id)`;

const UPSERT_SESSION_CUSTOMERS = `
INSERT INTO session_customers (site_id, session_id, customer_id, first_seen_at)
SELECT e.value->>'siteId', e.value->>'sessionId', e.value->>'customerId', min(e.value->>'occurredAt')
FROM json_each(?1) AS e
WHERE e.value->>'type' = 'identify' AND e.value->>'customerId' IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT (site_id, session_id, customer_id) DO UPDATE SET first_seen_at = min(first_seen_at, excluded.first_seen_at)`;

const INSERT_WEB_EVENTS = `
INSERT INTO web_events (id, site_id, type, visitor_fingerprint, visitor_source, session_id, name, url, path, referrer,
  referrer_source, title, locale, utm_source, utm_medium, utm_campaign, utm_term, utm_content, customer_id, properties,
  is_bot, occurred_at, received_at)
SELECT e.value->>'id', e.value->>'siteId', e.value->>'type', e.value->>'visitorFingerprint', e.value->>'visitorSource',
  e.value->>'sessionId', e.value->>'name', e.value->>'url', e.value->>'path', e.value->>'referrer',
  e.value->>'referrerSource', e.value->>'title', e.value->>'locale', e.value->>'utmSource', e.value->>'utmMedium',
  e.value->>'utmCampaign', e.value->>'utmTerm', e.value->>'utmContent', e.value->>'customerId', e.value->>'properties',
  e.value->>'isBot', e.value->>'occurredAt', e.value->>'receivedAt'
FROM json_each(?1) AS e WHERE true
ON CONFLICT DO NOTHING`;

/** Statements that store `rows` and maintain the rollups, in the order they must run (one D1 batch). */
export function webEventStatements(db: D1Database, rows: readonly WebEventRow[]): D1PreparedStatement[] {
  // The same event twice in one batch (a redelivery landing beside the original) counts once.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  if (!unique.length) return [];
  const chunks = chunkJsonRows(unique.map((r) => JSON.stringify(r)));
  // Per chunk, counts read web_events and web_daily_members before this chunk's rows are
  // written to them; chunks run in order, so a later chunk sees the earlier ones.
  return chunks.flatMap((json) => [
    db.prepare(UPSERT_TOTALS).bind(json),
    db.prepare(UPSERT_BREAKDOWN).bind(json),
    db.prepare(INSERT_MEMBERS).bind(json),
    db.prepare(UPSERT_SESSIONS).bind(json),
    db.prepare(UPSERT_SESSION_CUSTOMERS).bind(json),
    db.prepare(INSERT_WEB_EVENTS).bind(json),
  ]);
}
