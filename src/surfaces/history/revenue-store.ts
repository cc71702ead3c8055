// Set-based storage of the revenue import. Whatever the number of records (up to 1,000):
// - one read round trip: the site's currency, messages (with their contact) and offers, each
//   looked up by one statement over a bound JSON array expanded with json_each;
// - one write round trip: one `db.batch()` (a single D1 transaction) holding the ledger
//   insert (one statement per ~512 KB of rows, normally one) and one statement updating every
//   touched contact's stats, so a failure half-way leaves neither the ledger rows nor the stats.
// Every statement binds at most four parameters, far under D1's 100.

import { ISO_NOW_SQL } from "../../db/columns";
import { LEDGER_SOURCE, ledgerInsert, type RowOf } from "../../ledger";
import { FIND_OFFER_IDS } from "./offer-lookup";

export type RevenueTargets = {
  /** The site's default currency (history amounts are in it); undefined if the site is gone. */
  currency: string | undefined;
  /** message_id -> the contact its phone number belongs to (null: no such contact yet). */
  messages: Map<string, string | null>;
  offers: Set<string>;
};

const SITE_CURRENCY = `SELECT default_currency FROM sites WHERE id = ?1`;

// CROSS JOIN keeps json_each as the outer loop (SQLite never reorders a CROSS JOIN): one
// primary-key probe per id. With a plain JOIN the planner scans all of the site's messages and
// re-reads the JSON array for each of them, which grows with the site.
const FIND_MESSAGES = `
SELECT m.message_id AS message_id, c.id AS contact_id
FROM json_each(?2) AS j
CROSS JOIN messages AS m ON m.site_id = ?1 AND m.message_id = j.value
LEFT JOIN contacts AS c ON c.site_id = ?1 AND c.phone_number = m.phone_number`;

/**
 * The site's currency, and the messages (with contacts) and offers of the site among the given
 * ids, in one round trip. Ids of other sites are never found: every join is on site_id.
 */
export async function findRevenueTargets(
  db: D1Database,
  siteId: string,
  messageIds: readonly string[],
  offerIds: readonly string[],
): Promise<RevenueTargets> {
  const [siteRows, messageRows, offerRows] = await db.batch<Record<string, string | null>>([
    db.prepare(SITE_CURRENCY).bind(siteId),
    db.prepare(FIND_MESSAGES).bind(siteId, JSON.stringify(messageIds)),
    db.prepare(FIND_OFFER_IDS).bind(siteId, JSON.stringify(offerIds)),
  ]);
  const currency = siteRows?.results[0]?.default_currency ?? undefined;
  const messages = new Map<string, string | null>();
  for (const row of messageRows?.results ?? []) messages.set(String(row.message_id), row.contact_id ?? null);
  const offers = new Set<string>();
  for (const row of offerRows?.results ?? []) offers.add(String(row.offer_id));
  return { currency, messages, offers };
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
  contactId: string;
};

// The import's ledger rows: one statement for up to ~512 KB of rows (normally all 1,000),
// returning the ids it wrote, so duplicates already stored are told apart from new rows.
const INSERT_LEDGER = ledgerInsert({
  bound: ["siteId", "source", "currency"],
  perRow: ["id", "dedupeKey", "externalId", "amountMinor", "occurredAt", "eventType", "customerId", "metadata"],
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
  /** The transaction committed: these row ids were written; the others were already stored. */
  | { ok: true; landed: Set<string> }
  /** Nothing was written. */
  | { ok: false; cause: unknown };

/**
 * Writes the ledger rows and the contact stats in one transaction. The unique index on
 * (site_id, dedupe_key) is the final judge of duplicates, so two concurrent imports of the same
 * record store it once, and only the import whose row landed counts it in the contact's stats.
 */
export async function saveHistoryRevenue(
  db: D1Database,
  siteId: string,
  currency: string,
  rows: readonly HistoryLedgerRow[],
): Promise<SaveOutcome> {
  if (rows.length === 0) return { ok: true, landed: new Set() };
  const inserts = INSERT_LEDGER.statements(db, { siteId, source: LEDGER_SOURCE.history, currency }, rows.map(toLedgerRow));
  const ids = JSON.stringify(rows.map((r) => r.id));
  try {
    const results = await db.batch<{ id: string }>([...inserts, db.prepare(UPDATE_CONTACT_STATS).bind(siteId, ids)]);
    const landed = new Set<string>();
    for (const result of results.slice(0, inserts.length)) for (const row of result.results) landed.add(row.id);
    return { ok: true, landed };
  } catch (cause) {
    // The error may have been raised after the commit (e.g. the connection dropped on the way
    // back). Our row ids are fresh, so their presence tells whether this transaction committed.
    try {
      const found = await db.prepare(FIND_LANDED).bind(siteId, ids).all<{ id: string }>();
      if (found.results.length > 0) return { ok: true, landed: new Set(found.results.map((r) => r.id)) };
    } catch {
      // Unknown either way: report the original failure.
    }
    return { ok: false, cause };
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
    customerId: r.contactId,
    metadata: { message_id: r.messageId, offer_id: r.offerId, attribution_type: r.attributionType, payout: r.payout },
  };
}
