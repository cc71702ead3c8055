// Storage of an accepted account file, in one D1 transaction (one `db.batch()`), so a file is
// stored whole or not at all (contract §6, all-or-nothing):
// - the file row (its id is derived from the site and the content hash, so the same file is
//   the same row; `last_uploaded_at` moves);
// - accounts, inserted if new: the first spelling of a name stays the one displayed;
// - "latest upload wins": a stored schedule whose identity (account, type, start, end) appears
//   in this file is replaced, with its ledger rows, unless this file states exactly what it
//   already holds (same identity and position among equal identities, same file, record
//   number, amount, currency and description: its fingerprint). A schedule that is already
//   exactly what the file says is left as it is, ids and ledger rows included, because
//   rewriting it would store the same rows again: the same file uploaded again, or a corrected
//   file in which most records did not change, only rewrites what changed. The rest is deleted
//   (its ledger rows first) and written anew. The answers of every reporting endpoint are the
//   same either way; only a replaced schedule's ids and `created_at` are new;
// - the ledger: one row per schedule month with revenue (source `account_file`, occurred_at the
//   first day of the month, customer_id the account's displayed name, event_type the revenue
//   type, external_id the schedule id, job_id the file id, is_recurring by the ledger's rule
//   for schedule types), written through src/ledger. Each month row sends only its schedule id,
//   month and amount; the rest is derived in SQL from the schedule and account rows of the same
//   transaction (the displayed name may be an earlier file's spelling): sending it per month
//   made the insert 2 to 3 times slower. A month row whose schedule id was not inserted (the
//   schedule was kept) finds no schedule in its join and is not written.
// Rows travel as bound JSON arrays expanded by json_each (D1 allows 100 bound parameters per
// statement; every statement here binds at most eight). The joins are CROSS JOINs on purpose:
// in SQLite that keeps the table order as written, so json_each drives and each of its rows is
// one index lookup; left to the planner, it looped over the site's accounts with json_each
// inside (0.4 s for 1,000 records instead of 14 ms).

import { ISO_NOW_SQL } from "../../db/columns";
import { chunkJsonRows } from "../../db/json-rows";
import type { AccountRecord } from "../../formats/account-file";
import { accountKey } from "../../formats/account-file";
import { revenueSchedule } from "../../formats/revenue-schedule";
import { LEDGER_SOURCE, ledgerInsert, type RowOf, recurringScheduleTypeSql } from "../../ledger";

export type StoredFile = {
  id: string;
  sha256: string;
  r2Key: string;
  filename: string | null;
  format: "csv" | "xlsx" | "xml";
  sizeBytes: number;
};

const UPSERT_FILE = `
INSERT INTO account_files (id, site_id, sha256, r2_key, filename, format, size_bytes, record_count)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT (id) DO UPDATE SET last_uploaded_at = ${ISO_NOW_SQL}`;

const INSERT_ACCOUNTS = `
INSERT INTO accounts (id, site_id, name_key, display_name)
SELECT a.value ->> '$[0]', ?1, a.value ->> '$[1]', a.value ->> '$[2]'
FROM json_each(?2) AS a
WHERE true
ON CONFLICT (site_id, name_key) DO NOTHING`;

// A stored schedule's fingerprint, in SQLite's JSON rendering; `fingerprint()` below renders
// the same array for a record of the file (JSON.stringify and json_array agree on integers,
// text and null; a mismatch could only make a kept schedule look changed, never the reverse,
// since equal JSON texts are equal values).
const STORED_FINGERPRINT = "json_array(s.identity_key, s.seq, s.file_id, s.record, s.amount_minor, s.currency, s.description)";

// The stored schedules this file replaces: its identities, unless the file states them exactly.
const replaced = (column: "id" | "file_id") => `SELECT s.${column} FROM account_schedules AS s
  WHERE s.site_id = ?1 AND s.identity_key IN (SELECT value FROM json_each(?2))
    AND ${STORED_FINGERPRINT} NOT IN (SELECT value FROM json_each(?3))`;

// The replaced schedules' ledger rows are found through the files they came from (job_id is
// indexed) and then by schedule id, so the delete never scans the site's whole ledger (the
// unary + keeps the planner from walking the site's rows in the (site_id, dedupe_key) index
// instead, which it picks otherwise).
const DELETE_REPLACED_LEDGER = `
DELETE FROM ledger
WHERE job_id IN (${replaced("file_id")})
  AND +site_id = ?1 AND source = '${LEDGER_SOURCE.accountFile}'
  AND external_id IN (${replaced("id")})`;

const DELETE_REPLACED_SCHEDULES = `
DELETE FROM account_schedules WHERE id IN (${replaced("id")})`;

const INSERT_SCHEDULES = `
INSERT INTO account_schedules (id, site_id, account_id, file_id, record, identity_key, seq, type, amount_minor,
                               currency, start_date, end_date, description)
SELECT r.value ->> '$[0]', ?1, a.id, ?2, r.value ->> '$[1]', r.value ->> '$[2]', r.value ->> '$[3]', r.value ->> '$[4]',
       r.value ->> '$[5]', ?3, r.value ->> '$[6]', r.value ->> '$[7]', r.value ->> '$[8]'
FROM json_each(?4) AS r
CROSS JOIN accounts AS a ON a.site_id = ?1 AND a.name_key = r.value ->> '$[9]'
WHERE true
ON CONFLICT (site_id, identity_key, seq) DO NOTHING`;

// Each row's schedule id is read from the JSON once (for the join); the derived columns use
// s.id, since every extra extraction from the row JSON costs measurably over ~15,000 rows.
const INSERT_LEDGER = ledgerInsert({
  bound: ["siteId", "source", "currency", "jobId"],
  perRow: ["amountMinor"],
  rowInputs: ["scheduleId", "month"],
  join: (v) => `CROSS JOIN account_schedules AS s ON s.id = ${v.input("scheduleId")}\nCROSS JOIN accounts AS a ON a.id = s.account_id`,
  derived: {
    id: (v) => `'acct_' || s.id || '_' || ${v.input("month")}`,
    dedupeKey: (v) => `'acct:' || s.id || ':' || ${v.input("month")}`,
    externalId: () => "s.id",
    occurredAt: (v) => `${v.input("month")} || '-01T00:00:00.000Z'`,
    eventType: () => "s.type",
    customerId: () => "a.display_name",
    metadata: () => "json_object('record', s.record, 'start_date', s.start_date, 'end_date', s.end_date, 'description', s.description)",
    isRecurring: () => recurringScheduleTypeSql("s.type"),
  },
});

const chunkJson = (rows: readonly unknown[]): string[] => chunkJsonRows(rows.map((r) => JSON.stringify(r)));

/** What a stored schedule must equal to be kept (see STORED_FINGERPRINT). */
function fingerprint(identity: string, seq: number, fileId: string, currency: string, r: AccountRecord): string {
  return JSON.stringify([identity, seq, fileId, r.record, r.amountMinor, currency, r.description ?? null]);
}

/** (account, type, start, end): what a later upload replaces. */
export function scheduleIdentity(record: AccountRecord): string {
  return [accountKey(record.account), record.type, record.start, record.end].join("\u001f");
}

export async function storeAccountFile(
  db: D1Database,
  input: { siteId: string; currency: string; file: StoredFile; records: readonly AccountRecord[]; newId: (prefix: string) => string },
): Promise<void> {
  const { siteId, currency, file, records, newId } = input;

  const accounts = new Map<string, [string, string, string]>();
  for (const r of records) {
    const key = accountKey(r.account);
    if (!accounts.has(key)) accounts.set(key, [newId("acc"), key, r.account]);
  }

  // Schedule ids (and so ledger ids and dedupe keys, which start with them) sort by upload and
  // record: one upload's rows land next to each other at the end of each index instead of at
  // random places, which makes inserting and later deleting them several times faster.
  const uploadKey = `${Date.now().toString(36).padStart(9, "0")}${newId("").slice(-8)}`;
  const seqs = new Map<string, number>();
  const scheduleRows: unknown[] = [];
  const fingerprints: string[] = [];
  const monthRows: RowOf<typeof INSERT_LEDGER>[] = [];
  for (const r of records) {
    const identity = scheduleIdentity(r);
    const seq = seqs.get(identity) ?? 0;
    seqs.set(identity, seq + 1);
    const id = `sch_${uploadKey}_${String(r.record).padStart(4, "0")}`;
    const key = accountKey(r.account);
    scheduleRows.push([id, r.record, identity, seq, r.type, r.amountMinor, r.start, r.end, r.description, key]);
    fingerprints.push(fingerprint(identity, seq, file.id, currency, r));
    for (const m of revenueSchedule(r))
      if (m.amountMinor !== 0) monthRows.push({ amountMinor: m.amountMinor, scheduleId: id, month: m.month });
  }
  const identities = JSON.stringify([...seqs.keys()]);
  const kept = `[${fingerprints.join(",")}]`;

  await db.batch([
    db.prepare(UPSERT_FILE).bind(file.id, siteId, file.sha256, file.r2Key, file.filename, file.format, file.sizeBytes, records.length),
    ...chunkJson([...accounts.values()]).map((chunk) => db.prepare(INSERT_ACCOUNTS).bind(siteId, chunk)),
    db.prepare(DELETE_REPLACED_LEDGER).bind(siteId, identities, kept),
    db.prepare(DELETE_REPLACED_SCHEDULES).bind(siteId, identities, kept),
    ...chunkJson(scheduleRows).map((chunk) => db.prepare(INSERT_SCHEDULES).bind(siteId, file.id, currency, chunk)),
    ...INSERT_LEDGER.statements(db, { siteId, source: LEDGER_SOURCE.accountFile, currency, jobId: file.id }, monthRows),
  ]);
}
