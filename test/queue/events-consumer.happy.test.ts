import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import type { EventMessage } from "../../src/surfaces/events/queue-messages";
import { createTenant } from "../support/fixtures";

function revenueMessage(siteId: string, transactionId: string, id = `evt_${crypto.randomUUID()}`): EventMessage {
  return {
    v: 1,
    kind: "ingest",
    id,
    siteId,
    receivedAt: new Date().toISOString(),
    event: {
      type: "revenue",
      transactionId,
      amountMinor: 1234,
      currency: "BHD",
      eventType: "purchase",
      customerId: "cus_1",
      visitorFingerprint: "fp",
      sessionId: "s",
      paymentProcessor: null,
      subscriptionId: null,
      mrrImpactMinor: null,
      isRecurring: null,
      metadata: null,
    },
  };
}

async function deliver(messages: EventMessage[], attempts = 1) {
  const batch = createMessageBatch<EventMessage>(
    "revenue-edge-events",
    messages.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env, ctx);
  return getQueueResult(batch, ctx);
}

const ledgerRows = (siteId: string) =>
  env.DB.prepare("SELECT external_id, amount_minor, currency FROM ledger WHERE site_id = ?")
    .bind(siteId)
    .all()
    .then((r) => r.results);

describe("events consumer (happy)", () => {
  it("writes a revenue event delivered twice (same message) once and acks both deliveries", async () => {
    const t = await createTenant();
    const msg = revenueMessage(t.site.id, "tx-dup");
    const first = await deliver([msg]);
    const second = await deliver([msg], 2);
    expect(first.explicitAcks).toHaveLength(1);
    expect(second.explicitAcks).toHaveLength(1);
    expect(await ledgerRows(t.site.id)).toEqual([{ external_id: "tx-dup", amount_minor: 1234, currency: "BHD" }]);
  });

  it("writes a batch holding the same transaction twice (two accepted requests) once", async () => {
    const t = await createTenant();
    const result = await deliver([revenueMessage(t.site.id, "tx-1"), revenueMessage(t.site.id, "tx-1"), revenueMessage(t.site.id, "tx-2")]);
    expect(result.explicitAcks).toHaveLength(3);
    expect(result.retryMessages).toHaveLength(0);
    expect((await ledgerRows(t.site.id)).map((r) => r.external_id).sort()).toEqual(["tx-1", "tx-2"]);
  });
});
