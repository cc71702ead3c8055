// Set-based storage of the revenue import. Whatever the number of records (up to 1,000), one
// round trip: one `db.batch()` (a single D1 transaction) holding
// - the ledger insert (one statement per ~512 KB of rows, normally one), which finds each
//   record's message, its contact and its offer by joins: a record whose message, contact or
//   offer does not exist is not written;
// - one statement updating every touched contact's stats from the rows that landed, so a
//   failure half-way leaves neither the ledger rows nor the stats;
// - the look-ups of the messages (with their contact) and offers, read in the same
//   transaction, which say why a record that did not land was refused.
// The site's currency (needed before, to read the amounts) never changes once the site exists,
// so it is read once per isolate and site. Every statement binds at most four parameters, far
// under D1's 100.

import { ISO_NOW_SQL } from "../../db/columns";
import { LEDGER_SOURCE, ledgerInsert, type RowOf } from "../../ledger";
import { FIND_OFFER_IDS } from "./offer-lookup";

export type RevenueTargets = {
  /** message_id -> the contact its phone number belongs to (null: no such contact yet). */
  messages: Map<string, string | null>;
  offers: Set<string>;
};

const SITE_CURRENCY = `SELECT default_currency FROM sites WHERE id = ?1`;

/** Site id -> its default currency, which is fixed when the site is created (per isolate). */
const siteCurrencies = new Map<string, string>();
const MAX_CACHED_SITES = 10_000;

/** The site's default currency (history amounts are in it); undefined if there is no such site. */
export async function siteCurrency(db: D1Database, siteId: string): Promise<string | undefined> {
  const cached = siteCurrencies.get(siteId);
  if (cached !== undefined) return cached;
  const row = await db.prepare(SITE_CURRENCY).bind(siteId).first<{ default_currency: string }>();
  if (!row) return undefined;
  if (siteCurrencies.size >= MAX_CACHED_SITES) siteCurrencies.clear();
  siteCurrencies.set(siteId, row.default_currency);
  return row.default_currency;
}

// CROSS JOIN keeps json_each as the outer loop (SQLite never reorders a CROSS JOIN): one
// primary-key probe per id. With a plain JOIN the planner scans all of the site's messages and
// re-reads the JSON array for each of them, which grows with the site.
const FIND_MESSAGES = `
SELECT m.message_id AS message_id, c.id AS contact_id
FROM json_each(?2) AS j
CROSS JOIN messages AS m ON m.site_id = ?1 AND m.message_id = j.value
LEFT JOIN contacts AS c ON c.site_id = ?1 AND c.phone_number = m.phone_number`;

const lookups = (db: D1Database, siteId: string, messageIds: readonly string[], offerIds: readonly string[]) => [
  db.prepare(FIND_MESSAGES).bind(siteId, JSON.stringify(messageIds)),
  db.prepare(FIND_OFFER_IDS).bind(siteId, JSON.stringify(offerIds)),
];

function targetsOf(messageRows: D1Result<Record<string, unknown>> | undefined, offerRows: D1Result<Record<string, unknown>> | undefined) {
  const messages = new Map<string, string | null>();
  for (const row of messageRows?.results ?? []) messages.set(String(row.message_id), (row.contact_id as string | null) ?? null);
  const offers = new Set<string>();
  for (const row of offerRows?.results ?? []) offers.add(String(row.offer_id));
  return { messages, offers };
}

/**
 * The messages (with contacts) and offers of the site among the given ids, in one round trip.
 * Ids of other sites are never found: every join is on site_id.
 */
export async function findRevenueTargets(
  db: D1Database,
  siteId: string,
  messageIds: readonly string[],
  offerIds: readonly string[],
): Promise<RevenueTargets> {
  const [messageRows, offerRows] = await db.batch<Record<string, unknown>>(lookups(db, siteId, messageIds, offerIds));
  return targetsOf(messageRows, offerRows);
}

/** One history ledger row, ready to insert. */
export type HistoryLedgerRow = {
  id: string;
  dedupeKey: string;
  messageId: string;
  offerId: string;
  amountMinor: number;
  /** Exact decimal text of the payout, kept in the row's metadata; null when not sent. */
  payout: string | null;
  occurredAt: string;
  attributionType: string;
};

// The import's ledger rows: one statement for up to ~512 KB of rows (normally all 1,000),
// returning the ids it wrote, so duplicates already stored are told apart from new rows. The
// customer is the contact of the message's phone number; json_each drives the CROSS JOINs (one
// primary-key or unique-index probe per record and table, as in FIND_MESSAGES).
const INSERT_LEDGER = ledgerInsert({
  bound: ["siteId", "source", "currency"],
  perRow: ["id", "dedupeKey", "externalId", "amountMinor", "occurredAt", "eventType", "metadata"],
  rowInputs: ["offerId"],
  join: (v) =>
    `CROSS JOIN messages AS m ON m.site_id = ${v.bound("siteId")} AND m.message_id = ${v.row("externalId")}
CROSS JOIN contacts AS c ON c.site_id = ${v.bound("siteId")} AND c.phone_number = m.phone_number
CROSS JOIN offers AS o ON o.site_id = ${v.bound("siteId")} AND o.offer_id = ${v.input("offerId")}`,
  derived: { customerId: () => "c.id" },
  returning: true,
});

// Stats come from the ledger rows this transaction just wrote, found by their fresh ids (one
// primary-key probe each, json_each outermost as above, never a scan of the site's ledger): a row
// that hit ON CONFLICT was not written, so its id is not there and its contact is untouched.
// Timestamps are normalised ISO text, so text order is time order. The unary `+` keeps the
// site check from being used as an index (which would scan all the site's contacts): contacts
// are probed by primary key, one per touched contact, and the site is still checked.
const UPDATE_CONTACT_STATS = `
UPDATE contacts
SET revenue_total_minor = revenue_total_minor + s.total,
    conversion_count = conversion_count + s.n,
    last_revenue_at = CASE WHEN last_revenue_at IS NULL OR s.latest > last_revenue_at THEN s.latest ELSE last_revenue_at END,
    updated_at = ${ISO_NOW_SQL}
FROM (
  SELECT l.customer_id AS contact_id, sum(l.amount_minor) AS total, count(*) AS n, max(l.occurred_at) AS latest
  FROM json_each(?2) AS j
  CROSS JOIN ledger AS l ON l.id = j.value
  WHERE l.site_id = ?1
  GROUP BY l.customer_id
) AS s
WHERE contacts.id = s.contact_id AND +contacts.site_id = ?1`;

const FIND_LANDED = `SELECT l.id AS id FROM json_each(?2) AS j CROSS JOIN ledger AS l ON l.id = j.value WHERE l.site_id = ?1`;

export type SaveOutcome =
  /** The transaction committed: these row ids were written; the others were refused or already stored. */
  | { ok: true; landed: Set<string>; targets: RevenueTargets | undefined }
  /** Nothing was written (`targets` when they could still be read). */
  | { ok: false; cause: unknown; targets: RevenueTargets | undefined };

/**
 * Writes the ledger rows whose message, contact and offer exist, and the contact stats, in one
 * transaction, and reads the messages and offers in it. The unique index on (site_id,
 * dedupe_key) is the final judge of duplicates, so two concurrent imports of the same record
 * store it once, and only the import whose row landed counts it in the contact's stats.
 */
export async function saveHistoryRevenue(
  db: D1Database,
  siteId: string,
  currency: string,
  rows: readonly HistoryLedgerRow[],
): Promise<SaveOutcome> {
  const messageIds = [...new Set(rows.map((r) => r.messageId))];
  const offerIds = [...new Set(rows.map((r) => r.offerId))];
  if (rows.length === 0) return { ok: true, landed: new Set(), targets: { messages: new Map(), offers: new Set() } };
  const inserts = INSERT_LEDGER.statements(db, { siteId, source: LEDGER_SOURCE.history, currency }, rows.map(toLedgerRow));
  const ids = JSON.stringify(rows.map((r) => r.id));
  try {
    const results = await db.batch<Record<string, unknown>>([
      ...inserts,
      db.prepare(UPDATE_CONTACT_STATS).bind(siteId, ids),
      ...lookups(db, siteId, messageIds, offerIds),
    ]);
    const landed = new Set<string>();
    for (const result of results.slice(0, inserts.length)) for (const row of result.results) landed.add(String(row.id));
    return { ok: true, landed, targets: targetsOf(results[inserts.length + 1], results[inserts.length + 2]) };
  } catch (cause) {
    // The error may have been raised after the commit (e.g. the connection dropped on the way
    // back). Our row ids are fresh, so their presence tells whether this transaction committed.
    let landed: Set<string> | undefined;
    try {
      const found = await db.prepare(FIND_LANDED).bind(siteId, ids).all<{ id: string }>();
      if (found.results.length > 0) landed = new Set(found.results.map((r) => r.id));
    } catch {
      // Unknown either way: report the original failure.
    }
    const targets = await findRevenueTargets(db, siteId, messageIds, offerIds).catch(() => undefined);
    if (landed) return { ok: true, landed, targets };
    return { ok: false, cause, targets };
  }
}

function toLedgerRow(r: HistoryLedgerRow): RowOf<typeof INSERT_LEDGER> {
  return {
    id: r.id,
    dedupeKey: r.dedupeKey,
    externalId: r.messageId,
    amountMinor: r.amountMinor,
    occurredAt: r.occurredAt,
    eventType: r.attributionType,
    offerId: r.offerId,
    metadata: { message_id: r.messageId, offer_id: r.offerId, attribution_type: r.attributionType, payout: r.payout },
  };
}
