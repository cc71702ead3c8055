// D1 statements of the idempotency layer (table `idempotency_keys`). Taking a key is one round
// trip: expired rows are cleaned up, the key is claimed if free (or its record has expired, or
// its lock was abandoned), and the row is read back; the caller holds the key when the row
// carries its own lock.

export type KeyRecord = {
  state: "running" | "done";
  lock: string;
  fingerprint: string | null;
  status: number | null;
  response: string | null;
  requestId: string | null;
};

export type TakeKey = { scope: string; keyHash: string; lock: string; now: number; lockMs: number; ttlMs: number };

/** Expired rows removed per request that takes a key: cleanup keeps pace with creation. */
const CLEANUP_BATCH = 20;

const CLEANUP = `
DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ?1 LIMIT ${CLEANUP_BATCH})`;

// ?1 scope, ?2 key hash, ?3 lock, ?4 now, ?5 lock ms, ?6 ttl ms
const TAKE = `
INSERT INTO idempotency_keys (scope, key_hash, state, lock, locked_until, created_at, expires_at)
VALUES (?1, ?2, 'running', ?3, ?4 + ?5, ?4, ?4 + ?6)
ON CONFLICT (scope, key_hash) DO UPDATE SET
  state = 'running', lock = excluded.lock, locked_until = excluded.locked_until, fingerprint = NULL, status = NULL,
  response = NULL, request_id = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at
WHERE idempotency_keys.expires_at <= ?4 OR (idempotency_keys.state = 'running' AND idempotency_keys.locked_until <= ?4)`;

const READ = `
SELECT state, lock, fingerprint, status, response, request_id AS requestId FROM idempotency_keys WHERE scope = ?1 AND key_hash = ?2`;

export async function takeKey(d1: D1Database, t: TakeKey): Promise<KeyRecord> {
  const [, , read] = await d1.batch([
    d1.prepare(CLEANUP).bind(t.now),
    d1.prepare(TAKE).bind(t.scope, t.keyHash, t.lock, t.now, t.lockMs, t.ttlMs),
    d1.prepare(READ).bind(t.scope, t.keyHash),
  ]);
  const record = (read?.results as KeyRecord[] | undefined)?.[0];
  if (!record) throw new Error("idempotency key row missing after take");
  return record;
}

export type Completion = {
  scope: string;
  keyHash: string;
  lock: string;
  fingerprint: string;
  status: number;
  response: string;
  requestId: string;
};

/** Stores the answer under the key (only while this request still holds it). */
export async function completeKey(d1: D1Database, c: Completion): Promise<void> {
  await d1
    .prepare(
      `UPDATE idempotency_keys SET state = 'done', fingerprint = ?4, status = ?5, response = ?6, request_id = ?7
       WHERE scope = ?1 AND key_hash = ?2 AND lock = ?3 AND state = 'running'`,
    )
    .bind(c.scope, c.keyHash, c.lock, c.fingerprint, c.status, c.response, c.requestId)
    .run();
}

/** Frees the key (the request failed or cannot be replayed): a retry runs again. */
export async function releaseKey(d1: D1Database, scope: string, keyHash: string, lock: string): Promise<void> {
  await d1
    .prepare("DELETE FROM idempotency_keys WHERE scope = ?1 AND key_hash = ?2 AND lock = ?3 AND state = 'running'")
    .bind(scope, keyHash, lock)
    .run();
}
