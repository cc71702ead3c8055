import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";
import { sites } from "./tenancy";

// Rollups of web_events maintained by the events consumer in the same D1 transaction that
// stores the events (src/analytics/rollups.ts), so the read APIs never scan raw events for a
// date range. Days are UTC calendar days (`YYYY-MM-DD`) of `occurred_at`. Bots are not counted.

/** Per site and day: the summary counters. `visitors`/`sessions`: distinct that day. */
export const webDailyTotals = sqliteTable(
  "web_daily_totals",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    day: text("day").notNull(),
    pageviews: integer("pageviews").notNull().default(0),
    events: integer("events").notNull().default(0),
    visitors: integer("visitors").notNull().default(0),
    sessions: integer("sessions").notNull().default(0),
    /** Pageviews and events marked as bots (stored in web_events, not counted above). */
    botHits: integer("bot_hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
);

export const breakdownDimensions = ["path", "referrer_source", "utm_source", "utm_medium", "utm_campaign", "locale", "event_name"] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];

/** Per site, dimension, day and value: distinct visitors that day, pageviews and events. `''` = no value. */
export const webDailyBreakdown = sqliteTable(
  "web_daily_breakdown",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    dimension: text("dimension", { enum: breakdownDimensions }).notNull(),
    day: text("day").notNull(),
    value: text("value").notNull(),
    visitors: integer("visitors").notNull().default(0),
    pageviews: integer("pageviews").notNull().default(0),
    events: integer("events").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.dimension, t.day, t.value] })],
);

/**
 * Who has already been counted: one row per (site, day, dimension, value, member), where the
 * member is a visitor (or a session for `dimension = 'session'`). Written only by the consumer,
 * read only by it (point lookups): it makes the distinct counts above incremental and idempotent.
 */
export const webDailyMembers = sqliteTable(
  "web_daily_members",
  {
    siteId: text("site_id").notNull(),
    day: text("day").notNull(),
    /** `visitor`, `session`, or one of the breakdown dimensions. */
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    member: text("member").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.dimension, t.value, t.member] })],
);

/**
 * Sessions, as attribution touches: where the session's first (non-bot) pageview came from.
 * An earlier pageview of the session arriving later replaces the landing values (order-independent).
 */
export const webSessions = sqliteTable(
  "web_sessions",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    sessionId: text("session_id").notNull(),
    visitorFingerprint: text("visitor_fingerprint").notNull(),
    startedAt: text("started_at").notNull(),
    /** The landing pageview's id: breaks ties between pageviews of the same millisecond. */
    landingEventId: text("landing_event_id").notNull(),
    landingPath: text("landing_path"),
    referrerSource: text("referrer_source"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId] }),
    index("web_sessions_visitor_idx").on(t.siteId, t.visitorFingerprint, t.startedAt),
  ],
);

/** Which customer a session belongs to (an `identify` sent with that session id). */
export const sessionCustomers = sqliteTable(
  "session_customers",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    sessionId: text("session_id").notNull(),
    customerId: text("customer_id").notNull(),
    firstSeenAt: text("first_seen_at").notNull(),
  },
  // Covering (customer → sessions): attribution looks a customer's sessions up without the table.
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId, t.customerId] }),
    index("session_customers_customer_idx").on(t.siteId, t.customerId, t.sessionId),
  ],
);

/**
 * The secret daily salts of server-derived visitor ids (src/analytics/visitor-id.ts). One row
 * per UTC day; the row of an earlier day is deleted when the next day's salt is created and by
 * the daily cron, so no salt outlives its day by more than a few minutes.
 */
export const visitorSalts = sqliteTable("visitor_salts", {
  day: text("day").primaryKey(),
  salt: text("salt").notNull(),
  createdAt: text("created_at").notNull().default(isoNow),
});
