import { Revenue, ValidationError } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { ledgerRecords } from "./support/ledger";
import { tenant, workerUrl } from "./support/tenant";

describe("Revenue (drop-in for @pulsora/revenue)", () => {
  it("runs the documented example unchanged and the event reaches the ledger", async () => {
    const t = await tenant();
    // The @pulsora/revenue docs' example, with our endpoint and token.
    const revenue = new Revenue({ apiToken: t.secret, endpoint: `${workerUrl()}/api/ingest` });
    await revenue.track({
      visitor_fingerprint: "fp_abc",
      session_id: "sess_xyz",
      customer_id: "cus_42",
      amount: 499.0,
      currency: "USD",
      transaction_id: "ch_1Nv_dropin",
      payment_processor: "stripe",
      event_type: "purchase",
      metadata: { plan: "pro", seats: 10 },
    });
    const [record] = await ledgerRecords(t.client(), { source: "event" }, 1);
    expect(record).toMatchObject({
      external_id: "ch_1Nv_dropin",
      amount: "499.00",
      customer_id: "cus_42",
      metadata: { plan: "pro", seats: 10 },
    });
  });

  it("accepts the Worker's origin as endpoint, and throws a descriptive exception on a 400", async () => {
    const t = await tenant();
    const revenue = new Revenue({ apiToken: t.secret, endpoint: workerUrl(), maxRetries: 0, retryBackoff: 10 });
    const error = await revenue
      .track({ visitor_fingerprint: "fp", session_id: "s", customer_id: "c", amount: 10.555, currency: "USD", transaction_id: "ch_x" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/amount/);
  });
});
