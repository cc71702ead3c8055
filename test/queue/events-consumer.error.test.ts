import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import type { EventMessage } from "../../src/surfaces/events/queue-messages";
import { createTenant } from "../support/fixtures";

function revenueMessage(siteId: string, transactionId: string): EventMessage {
  return {
    v: 1,
    kind: "ingest",
    id: `evt_${crypto.randomUUID()}`,
    siteId,
    receivedAt: new Date().toISOString(),
    event: {
      type: "revenue",
      transactionId,
      amountMinor: 100,
      currency: "USD",
      eventType: "purchase",
      customerId: "c",
      visitorFingerprint: "f",
      sessionId: "s",
      paymentProcessor: null,
      subscriptionId: null,
      mrrImpactMinor: null,
      isRecurring: null,
      metadata: null,
    },
  };
}

describe("events consumer (errors)", () => {
  it("retries only the message that fails and still writes the others of its batch", async () => {
    const t = await createTenant();
    // A site that does not exist: the ledger's foreign key refuses the row.
    const bad = revenueMessage("site_missing", "tx-bad");
    const good = revenueMessage(t.site.id, "tx-good");
    const batch = createMessageBatch<EventMessage>("revenue-edge-events", [
      { id: "bad", timestamp: new Date(), attempts: 1, body: bad },
      { id: "good", timestamp: new Date(), attempts: 1, body: good },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["good"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["bad"]);
    const row = await env.DB.prepare("SELECT external_id FROM ledger WHERE site_id = ?").bind(t.site.id).first();
    expect(row).toEqual({ external_id: "tx-good" });
  });

  it("sends a message that keeps failing to the dead-letter queue, where it is recorded for operators", async () => {
    const poison = revenueMessage("site_missing", `tx-${crypto.randomUUID()}`);
    await env.EVENTS_QUEUE.send(poison);
    const recorded = await vi.waitUntil(
      async () => {
        const rows = await env.DB.prepare("SELECT queue, body, reason FROM dead_letters").all<{
          queue: string;
          body: string;
          reason: string;
        }>();
        return rows.results.find((r) => JSON.parse(r.body).id === poison.id) ?? false;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(recorded).toMatchObject({ queue: "revenue-edge-dlq", reason: "retries exhausted" });
    expect(JSON.parse(recorded.body)).toEqual(poison);

    const listed = await exports.default.fetch(
      new Request("https://revenue-edge.test/admin/dead-letters", { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } }),
    );
    const body = (await listed.json()) as { data: Array<{ body: { id: string } }> };
    expect(body.data.some((d) => d.body.id === poison.id)).toBe(true);
  });

  it("records an undecodable message as a dead letter at once instead of retrying it", async () => {
    const batch = createMessageBatch("revenue-edge-events", [
      { id: `junk-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: { hello: "world" } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare("SELECT reason, queue FROM dead_letters WHERE id = ?").bind(batch.messages[0]!.id).first();
    expect(row).toEqual({ reason: "undecodable message", queue: "revenue-edge-events" });
  });
});
