import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";
import { sites } from "./tenancy";

/**
 * Accounts of the account-file surface (contract §6). Names are case-insensitive: `nameKey`
 * (see accountKey) is unique per site, and `displayName` is the spelling of the first upload,
 * never overwritten by later ones.
 */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    nameKey: text("name_key").notNull(),
    displayName: text("display_name").notNull(),
    createdAt: text("created_at").notNull().default(isoNow),
  },
  (t) => [uniqueIndex("accounts_site_key_uq").on(t.siteId, t.nameKey)],
);

/**
 * Uploaded account files. The raw file is kept in R2 under `r2Key`; the id is derived from the
 * site and the content hash, so the same file uploaded again is the same row.
 */
export const accountFiles = sqliteTable(
  "account_files",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    sha256: text("sha256").notNull(),
    r2Key: text("r2_key").notNull(),
    filename: text("filename"),
    format: text("format", { enum: ["csv", "xlsx", "xml"] }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    recordCount: integer("record_count").notNull(),
    firstUploadedAt: text("first_uploaded_at").notNull().default(isoNow),
    lastUploadedAt: text("last_uploaded_at").notNull().default(isoNow),
  },
  (t) => [uniqueIndex("account_files_site_sha_uq").on(t.siteId, t.sha256)],
);

/**
 * Revenue schedules: one row per record of an uploaded file, from which the monthly amounts
 * follow (revenueSchedule, exact in minor units). A record's identity is its account, type,
 * start and end (`identityKey`); the latest file that lists an identity states its revenue,
 * so uploading the same or a corrected file replaces the earlier rows instead of adding to
 * them. `seq` numbers records of one file that share an identity (both count).
 */
export const accountSchedules = sqliteTable(
  "account_schedules",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    fileId: text("file_id")
      .notNull()
      .references(() => accountFiles.id),
    /** Position of the record in its file, from 1 (header not counted). */
    record: integer("record").notNull(),
    identityKey: text("identity_key").notNull(),
    seq: integer("seq").notNull(),
    type: text("type", { enum: ["ARR", "MRR", "One Time", "Other"] }).notNull(),
    /** Integer minor units of `currency` (the site's default currency at upload). */
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    description: text("description"),
    createdAt: text("created_at").notNull().default(isoNow),
  },
  (t) => [
    uniqueIndex("account_schedules_identity_uq").on(t.siteId, t.identityKey, t.seq),
    index("account_schedules_account_idx").on(t.siteId, t.accountId, t.startDate),
  ],
);
