import { type WebEventRow, webEventStatements } from "../../analytics/web-event-store";
import { chunkJsonRows } from "../../db/json-rows";
import { LEDGER_SOURCE, ledgerInsert, type RowOf } from "../../ledger";
import { recordDeadLetters } from "../../queue/dead-letters";
import { retryDelaySeconds } from "../../queue/retry";
import { EVENTS_QUEUE, type EventMessage, eventMessage } from "./queue-messages";

// Writes accepted /api/ingest events. Each statement inserts many rows from one bound JSON
// array (json_each), so a batch of 100 events is one D1 round trip instead of 100, and every
// insert is idempotent: revenue on (site, transaction id), other events on the id assigned at
// acceptance. A redelivered message therefore changes nothing. Web events and their analytics
// rollups are written by src/analytics/web-event-store.ts, in the same transaction.

const INSERT_REVENUE = ledgerInsert({
  bound: ["source"],
  perRow: [
    "id",
    "siteId",
    "dedupeKey",
    "externalId",
    "amountMinor",
    "currency",
    "occurredAt",
    "eventType",
    "customerId",
    "metadata",
    "visitorFingerprint",
    "sessionId",
    "paymentProcessor",
    "subscriptionId",
    "mrrImpactMinor",
    "isRecurring",
  ],
});

const UPSERT_IDENTITIES = `
INSERT INTO visitor_customers (site_id, visitor_fingerprint, customer_id, first_seen_at, last_seen_at)
SELECT i.value->>'siteId', i.value->>'visitorFingerprint', i.value->>'customerId', i.value->>'occurredAt', i.value->>'occurredAt'
FROM json_each(?1) AS i WHERE true
ON CONFLICT (site_id, visitor_fingerprint, customer_id) DO UPDATE SET
  first_seen_at = min(first_seen_at, excluded.first_seen_at),
  last_seen_at = max(last_seen_at, excluded.last_seen_at)`;

/** The statements that store `messages`, all idempotent. */
export function eventStatements(db: D1Database, messages: readonly EventMessage[]): D1PreparedStatement[] {
  const revenue: RowOf<typeof INSERT_REVENUE>[] = [];
  const web: WebEventRow[] = [];
  const identities = [];
  for (const m of messages) {
    const e = m.event;
    if (e.type === "revenue") {
      revenue.push({
        id: m.id,
        siteId: m.siteId,
        dedupeKey: `event:${e.transactionId}`,
        externalId: e.transactionId,
        amountMinor: e.amountMinor,
        currency: e.currency,
        occurredAt: m.receivedAt,
        eventType: e.eventType,
        customerId: e.customerId,
        metadata: e.metadata,
        visitorFingerprint: e.visitorFingerprint,
        sessionId: e.sessionId,
        paymentProcessor: e.paymentProcessor,
        subscriptionId: e.subscriptionId,
        mrrImpactMinor: e.mrrImpactMinor,
        isRecurring: e.isRecurring,
      });
    } else {
      const row: WebEventRow = {
        ...e,
        id: m.id,
        siteId: m.siteId,
        occurredAt: e.occurredAt ?? m.receivedAt,
        receivedAt: m.receivedAt,
        properties: e.properties ? JSON.stringify(e.properties) : null,
      };
      web.push(row);
      if (e.type === "identify" && e.customerId) identities.push(row);
    }
  }
  const chunks = (rows: readonly unknown[]) => chunkJsonRows(rows.map((r) => JSON.stringify(r)));
  return [
    ...INSERT_REVENUE.statements(db, { source: LEDGER_SOURCE.event }, revenue),
    ...webEventStatements(db, web),
    ...chunks(identities).map((json) => db.prepare(UPSERT_IDENTITIES).bind(json)),
  ];
}

/**
 * Consumer of the events queue. The whole batch is written in one D1 transaction; if that
 * fails, each message is written on its own so one bad message cannot hold the others back,
 * and only the failing ones are retried (with backoff) towards the dead-letter queue.
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const decoded: Array<{ msg: Message<unknown>; body: EventMessage }> = [];
  const undecodable: Message<unknown>[] = [];
  for (const msg of batch.messages) {
    const parsed = eventMessage.safeParse(msg.body);
    if (parsed.success) decoded.push({ msg, body: parsed.data });
    else undecodable.push(msg);
  }
  if (undecodable.length) {
    // Retrying cannot fix a message we cannot read: keep it for operators and move on.
    await recordDeadLetters(env.DB, EVENTS_QUEUE, undecodable, "undecodable message");
    for (const msg of undecodable) msg.ack();
  }
  if (!decoded.length) return;

  try {
    await env.DB.batch(
      eventStatements(
        env.DB,
        decoded.map((d) => d.body),
      ),
    );
    for (const d of decoded) d.msg.ack();
    return;
  } catch (err) {
    console.error(
      JSON.stringify({ level: "warn", msg: "event batch write failed, writing one by one", error: String(err), size: decoded.length }),
    );
  }
  for (const d of decoded) {
    try {
      await env.DB.batch(eventStatements(env.DB, [d.body]));
      d.msg.ack();
    } catch (err) {
      console.error(
        JSON.stringify({ level: "error", msg: "event write failed", messageId: d.msg.id, attempts: d.msg.attempts, error: String(err) }),
      );
      d.msg.retry({ delaySeconds: retryDelaySeconds(env, d.msg.attempts) });
    }
  }
}
