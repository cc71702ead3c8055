// Cookieless visitor ids, the way Plausible counts visitors: a hash of a secret salt that
// changes every UTC day, the site, the client IP and the User-Agent. One browser is one visitor
// for a day; the next day it gets a new id, and it gets a different id on every site, so it
// can be followed neither across days nor across sites. Nothing of the IP or User-Agent is
// stored or queued: only the hash leaves the request.
//
// The salts live in D1 (`visitor_salts`, one random 256-bit value per UTC day). Creating the
// day's salt deletes every earlier one in the same transaction, and the daily cron deletes them
// even on a day without traffic (`deleteExpiredSalts`), so a salt outlives its day by minutes.

const encoder = new TextEncoder();

/** UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const hex = (bytes: ArrayBuffer | Uint8Array): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

// The SELECT returns the salt of the earliest day ≥ the asked day: a request that computed its
// day just before midnight never recreates a salt that was deleted a moment later.
const SELECT_SALT = "SELECT day, salt FROM visitor_salts WHERE day >= ?1 ORDER BY day LIMIT 1";
const DELETE_EARLIER = "DELETE FROM visitor_salts WHERE day < ?1";
const INSERT_IF_NONE = "INSERT INTO visitor_salts (day, salt) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM visitor_salts WHERE day >= ?1)";

type SaltKey = { day: string; key: CryptoKey };

/** The day's HMAC key, per isolate: one D1 read per isolate and day. */
let cached: Promise<SaltKey> | undefined;
let cachedDay = "";

async function loadSalt(db: D1Database, day: string): Promise<string> {
  const found = await db.prepare(SELECT_SALT).bind(day).first<{ salt: string }>();
  if (found) return found.salt;
  // First request of the day: create the salt (or read the one a concurrent request created)
  // and delete the earlier days' salts, in one transaction.
  const fresh = hex(crypto.getRandomValues(new Uint8Array(32)));
  const results = await db.batch<{ salt: string }>([
    db.prepare(DELETE_EARLIER).bind(day),
    db.prepare(INSERT_IF_NONE).bind(day, fresh),
    db.prepare(SELECT_SALT).bind(day),
  ]);
  const salt = results[2]?.results[0]?.salt;
  if (!salt) throw new Error("visitor salt could not be created");
  return salt;
}

async function saltKey(db: D1Database, day: string): Promise<CryptoKey> {
  if (!cached || cachedDay !== day) {
    cachedDay = day;
    cached = loadSalt(db, day).then(async (salt) => ({
      day,
      key: await crypto.subtle.importKey("raw", encoder.encode(salt), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
    }));
    // A failed load must not stay cached for the rest of the day.
    cached.catch(() => {
      if (cachedDay === day) cached = undefined;
    });
  }
  return (await cached).key;
}

export type VisitorInput = { siteId: string; ip: string; userAgent: string };

/**
 * The server-derived visitor id: the first 128 bits of HMAC-SHA256(day salt, site ‖ IP ‖ UA),
 * as 32 hex characters.
 */
export async function serverVisitorId(db: D1Database, input: VisitorInput, at: Date = new Date()): Promise<string> {
  const key = await saltKey(db, utcDay(at));
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${input.siteId}\n${input.ip}\n${input.userAgent}`));
  return hex(mac.slice(0, 16));
}

/** Deletes the salts of days before `at`'s day (the daily cron; creating a salt does it too). */
export async function deleteExpiredSalts(db: D1Database, at: Date = new Date()): Promise<number> {
  const result = await db.prepare(DELETE_EARLIER).bind(utcDay(at)).run();
  return result.meta.changes ?? 0;
}
