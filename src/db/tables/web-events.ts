import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";
import { sites } from "./tenancy";

/** Pageviews, custom events and identify calls from /api/ingest. */
export const webEvents = sqliteTable(
  "web_events",
  {
    /** Assigned when the event is accepted, so a redelivered message is stored once. */
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    type: text("type", { enum: ["pageview", "event", "identify"] }).notNull(),
    visitorFingerprint: text("visitor_fingerprint").notNull(),
    /** `client`: sent by the client; `server`: derived from the daily salt, IP and User-Agent (src/analytics/visitor-id.ts). */
    visitorSource: text("visitor_source", { enum: ["client", "server"] })
      .notNull()
      .default("client"),
    sessionId: text("session_id").notNull(),
    /** `event_name` for custom events. */
    name: text("name"),
    url: text("url"),
    path: text("path"),
    referrer: text("referrer"),
    /** The referring host as the client sent it (the Pulsora tracker strips `www.`). */
    referrerSource: text("referrer_source"),
    title: text("title"),
    locale: text("locale"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmTerm: text("utm_term"),
    utmContent: text("utm_content"),
    customerId: text("customer_id"),
    /** `event_data` of custom events, and any field of the payload that has no column of its own. */
    properties: text("properties", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Sent by a crawler or tool (isbot on the User-Agent): stored, never counted. */
    isBot: integer("is_bot", { mode: "boolean" }).notNull().default(false),
    occurredAt: text("occurred_at").notNull(),
    receivedAt: text("received_at").notNull().default(isoNow),
  },
  (t) => [
    // Keyset pages (newest first) of GET /v1/{siteId}/events, with or without one filter.
    index("web_events_site_occurred_idx").on(t.siteId, t.occurredAt, t.id),
    index("web_events_site_type_idx").on(t.siteId, t.type, t.occurredAt, t.id),
    index("web_events_site_visitor_idx").on(t.siteId, t.visitorFingerprint, t.occurredAt, t.id),
    index("web_events_site_session_idx").on(t.siteId, t.sessionId, t.occurredAt, t.id),
  ],
);

/** Which customer a visitor fingerprint belongs to (written by `identify`). */
export const visitorCustomers = sqliteTable(
  "visitor_customers",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    visitorFingerprint: text("visitor_fingerprint").notNull(),
    customerId: text("customer_id").notNull(),
    firstSeenAt: text("first_seen_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.visitorFingerprint, t.customerId] }),
    // Covering (customer → visitors) for attribution: without visitor_fingerprint in it, SQLite
    // preferred scanning the site's whole primary key per revenue record.
    index("visitor_customers_customer_idx").on(t.siteId, t.customerId, t.visitorFingerprint),
  ],
);
