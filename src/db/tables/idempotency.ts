import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Idempotency keys (README § Reliability, src/idempotency/): one row per key and scope (a site,
 * or the admin API). While the first request runs the row is `running` and holds a lock; once
 * it has answered, the row keeps the request's fingerprint and its response, sealed with a key
 * derived from the Idempotency-Key itself (so a response carrying a clear secret, such as a
 * new API token, cannot be read from the database without the client's key). Rows expire after
 * 24 hours and are deleted by later requests (`expiresAt`).
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    /** `site:<siteId>` or `admin`. */
    scope: text("scope").notNull(),
    /** SHA-256 (hex) of the Idempotency-Key: the key itself is not stored. */
    keyHash: text("key_hash").notNull(),
    state: text("state", { enum: ["running", "done"] }).notNull(),
    /** Random token of the request that holds (or answered under) the key. */
    lock: text("lock").notNull(),
    /** Epoch ms after which a `running` row is taken to be abandoned (its request died). */
    lockedUntil: integer("locked_until").notNull(),
    /** SHA-256 (hex) of the method, path, query, media type and body of the first request. */
    fingerprint: text("fingerprint"),
    status: integer("status"),
    /** Base64 of AES-GCM(iv ‖ headers and body of the first response). */
    response: text("response"),
    requestId: text("request_id"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);
