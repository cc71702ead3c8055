import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";
import { sites } from "./tenancy";

/**
 * Contacts of the history surface (Trackly's ListContact). One row per site and E.164 phone
 * number. The revenue stats are denormalised here and updated in the same D1 transaction that
 * writes the history ledger rows, so they always equal the sum of this contact's history rows.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    /** E.164, normalised by src/surfaces/history/phone-number.ts. */
    phoneNumber: text("phone_number").notNull(),
    listNumber: text("list_number"),
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, unknown>>(),
    signupDate: text("signup_date"),
    /** Integer minor units of the site's default currency (the currency of history records). */
    revenueTotalMinor: integer("revenue_total_minor").notNull().default(0),
    conversionCount: integer("conversion_count").notNull().default(0),
    /** Latest `occurred_at` of this contact's history records (normalised ISO text). */
    lastRevenueAt: text("last_revenue_at"),
    createdAt: text("created_at").notNull().default(isoNow),
    updatedAt: text("updated_at").notNull().default(isoNow),
  },
  (t) => [uniqueIndex("contacts_site_phone_uq").on(t.siteId, t.phoneNumber)],
);

/** Offers revenue is attributed to; `offer_id` is the client's own id (upserted). */
export const offers = sqliteTable(
  "offers",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    offerId: text("offer_id").notNull(),
    name: text("name"),
    /** Integer minor units of the site's default currency. */
    payoutMinor: integer("payout_minor"),
    createdAt: text("created_at").notNull().default(isoNow),
    updatedAt: text("updated_at").notNull().default(isoNow),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.offerId] })],
);

/**
 * Sent messages (`POST /v2/history/sends`). A message names its recipient by phone number;
 * the contact is resolved by (site, phone) when revenue is imported, so sends and contacts can
 * be imported in either order (a revenue record whose message has no contact yet is
 * `contact_not_found`, and can be retried once the contact exists).
 */
export const messages = sqliteTable(
  "messages",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    messageId: text("message_id").notNull(),
    phoneNumber: text("phone_number").notNull(),
    offerId: text("offer_id"),
    sentAt: text("sent_at").notNull(),
    createdAt: text("created_at").notNull().default(isoNow),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.messageId] }),
    foreignKey({ columns: [t.siteId, t.offerId], foreignColumns: [offers.siteId, offers.offerId] }),
    index("messages_site_phone_idx").on(t.siteId, t.phoneNumber),
  ],
);
