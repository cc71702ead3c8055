import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { AuthError, RevenueEdge, ValidationError } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { ledgerRecords } from "./support/ledger";
import { tenant, workerUrl } from "./support/tenant";

const revenue = (transaction_id: string, amount = 49.99) => ({
  visitor_fingerprint: "fp_sdk",
  session_id: "sess_sdk",
  customer_id: "cus_sdk",
  amount,
  currency: "USD",
  transaction_id,
  event_type: "purchase" as const,
  metadata: { plan: "pro" },
});

describe("client.events", () => {
  it("sends a revenue event that reaches the ledger with its exact amount", async () => {
    const t = await tenant();
    const client = t.client();
    await client.events.revenue(revenue("ch_sdk_1", 499.99));
    const [record] = await ledgerRecords(client, { source: "event" }, 1);
    expect(record).toMatchObject({
      external_id: "ch_sdk_1",
      amount: "499.99",
      amount_minor: 49999,
      currency: "USD",
      customer_id: "cus_sdk",
      event_type: "purchase",
    });
  });

  it("sends pageview, event and identify with a public token", async () => {
    const t = await tenant();
    const client = new RevenueEdge({ baseUrl: workerUrl(), token: t.publicToken });
    await client.events.pageview({
      visitor_fingerprint: "fp_1",
      session_id: "s1",
      url: "https://shop.example/pricing",
      utm_source: "newsletter",
    });
    await client.events.event({ visitor_fingerprint: "fp_1", session_id: "s1", event_name: "signup", event_data: { plan: "pro" } });
    await client.events.identify({ visitor_fingerprint: "fp_1", session_id: "s1", customer_id: "cus_1" });
  });

  it("queues events and flushes them when maxEvents are queued, then on demand", async () => {
    const t = await tenant();
    const client = t.client({ events: { maxEvents: 5, flushIntervalMs: 60_000, flushOnExit: false } });
    for (let i = 0; i < 5; i++) client.events.enqueue("revenue", revenue(`ch_batch_${i}`, 10));
    expect(client.events.pending).toBe(0); // the fifth event started a flush
    for (let i = 5; i < 8; i++) client.events.enqueue("revenue", revenue(`ch_batch_${i}`, 10));
    expect(client.events.pending).toBe(3);
    const result = await client.events.flush();
    expect(result).toEqual({ sent: 3, failed: [] });
    const records = await ledgerRecords(client, { source: "event" }, 8);
    expect(new Set(records.map((r) => r.external_id)).size).toBe(8);
  });

  it("flushes a queued batch after flushIntervalMs without being asked", async () => {
    const t = await tenant();
    const client = t.client({ events: { maxEvents: 100, flushIntervalMs: 50, flushOnExit: false } });
    client.events.enqueue("revenue", revenue("ch_timer_1"));
    client.events.enqueue("revenue", revenue("ch_timer_2"));
    await ledgerRecords(client, { source: "event" }, 2);
    expect(client.events.pending).toBe(0);
  });

  it("reports each undeliverable queued event to onError and in the flush result", async () => {
    const t = await tenant();
    const errors: unknown[] = [];
    const client = t.client({ events: { maxEvents: 100, flushOnExit: false, onError: (e) => errors.push(e) } });
    client.events.enqueue("revenue", revenue("ch_ok"));
    client.events.enqueue("revenue", { ...revenue("ch_bad"), amount: -5 });
    const result = await client.events.close();
    expect(result.sent).toBe(1);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.event.data).toMatchObject({ transaction_id: "ch_bad" });
    expect(result.failed[0]!.error).toBeInstanceOf(ValidationError);
    expect(errors).toHaveLength(1);
  });

  it("throws ValidationError naming the field, and AuthError for a public token sending revenue, each with a request id", async () => {
    const t = await tenant();
    const client = t.client({ maxRetries: 0 });
    const { visitor_fingerprint: _, ...missing } = revenue("ch_missing");
    const invalid = await client.events.revenue(missing as never).catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.status).toBe(400);
    expect(invalid.message).toBe("The data.visitor_fingerprint field is required.");
    expect(invalid.requestId).toMatch(/\S/);

    const pub = new RevenueEdge({ baseUrl: workerUrl(), token: t.publicToken, maxRetries: 0 });
    const forbidden = await pub.events.revenue(revenue("ch_pub")).catch((e) => e);
    expect(forbidden).toBeInstanceOf(AuthError);
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toBe("Revenue events require secret token");
    expect(forbidden.requestId).toMatch(/\S/);
  });
});

describe("client.events before a Node process exits", () => {
  it("flushes queued events when the event loop empties, without flush() being called", async () => {
    const t = await tenant();
    // A separate Node process using the built SDK: it queues two events and simply ends.
    const script = `
      import { RevenueEdge } from "@revenue-edge/sdk";
      const client = new RevenueEdge({ baseUrl: ${JSON.stringify(workerUrl())}, token: ${JSON.stringify(t.secret)}, events: { maxEvents: 100, flushIntervalMs: 60000 } });
      for (const id of ["ch_exit_1", "ch_exit_2"]) client.events.enqueue("revenue", { visitor_fingerprint: "fp", session_id: "s", customer_id: "c", amount: 5, transaction_id: id });
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
      encoding: "utf8",
    });
    expect(child.status, child.stderr).toBe(0);
    const records = await ledgerRecords(t.client(), { source: "event" }, 2);
    expect(records.map((r) => r.external_id).sort()).toEqual(["ch_exit_1", "ch_exit_2"]);
  });
});
