import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
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
    sessionId: text("session_id").notNull(),
    /** `event_name` for custom events. */
    name: text("name"),
    url: text("url"),
    path: text("path"),
    customerId: text("customer_id"),
    /** The rest of the event's data (utm_*, referrer, event_data, …). */
    properties: text("properties", { mode: "json" }).$type<Record<string, unknown>>(),
    occurredAt: text("occurred_at").notNull(),
    receivedAt: text("received_at").notNull().default(isoNow),
  },
  (t) => [index("web_events_site_occurred_idx").on(t.siteId, t.occurredAt)],
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
    index("visitor_customers_customer_idx").on(t.siteId, t.customerId),
  ],
);
