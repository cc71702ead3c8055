import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ingestBody } from "../../src/surfaces/events/schemas";
import { describeIssue } from "../../src/surfaces/events/validation";
import { revenueData, waitForRevenue } from "../support/events";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";

/** `{"x":[[[…]]]}` nested `levels` deep in all (the object is level 1), as raw JSON text. */
const deepObjectText = (levels: number) => `{"x":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;

/** Sends a raw body, so the deep value is never built or stringified in the test. */
const send = (token: string, type: string, data: Record<string, unknown>, field: string, fieldText: string) => {
  const text = JSON.stringify({ type, data: { ...data, [field]: "__FIELD__" } }).replace('"__FIELD__"', fieldText);
  return call("/api/ingest", { method: "POST", headers: { "content-type": "application/json", "x-api-token": token }, body: text });
};

describe("deep or large metadata and event_data (security)", () => {
  it("refuses metadata 16,000 levels deep inside 32 KiB with 400 naming the field, and stores nothing", async () => {
    const t = await createTenant();
    const body = deepObjectText(16_000);
    expect(body.length).toBeLessThan(32_768);
    const res = await send(t.secret, "revenue", revenueData(), "metadata", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "The data.metadata field must not be nested more than 10 levels deep." });

    // The next valid event is the only one that reaches the ledger.
    expect((await send(t.secret, "revenue", revenueData(), "metadata", "{}")).status).toBe(202);
    const page = await waitForRevenue(t.site.id, t.secret, 1);
    expect(page.data).toHaveLength(1);
  });

  it("refuses deep event_data from a public token the same way", async () => {
    const t = await createTenant();
    const data = { visitor_fingerprint: "fp", session_id: "s", event_name: "signup" };
    const res = await send(t.public, "event", data, "event_data", deepObjectText(11));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "The data.event_data field must not be nested more than 10 levels deep." });
  });

  it("accepts metadata nested exactly 10 levels deep", async () => {
    const t = await createTenant();
    const tx = revenueData();
    expect((await send(t.secret, "revenue", tx, "metadata", deepObjectText(10))).status).toBe(202);
    const page = await waitForRevenue(t.site.id, t.secret, 1);
    expect(JSON.stringify(page.data[0]?.metadata)).toBe(deepObjectText(10));
  });

  it("bounds the size of metadata in the schema itself (32 KiB of JSON), whatever the body limit", () => {
    const metadata = { note: "x".repeat(33_000) };
    const parsed = ingestBody.safeParse({ type: "revenue", data: { ...revenueData(), metadata } });
    expect(parsed.success).toBe(false);
    expect(describeIssue(parsed.error!.issues[0]!, metadata)).toBe("The data.metadata field must not be larger than 32768 bytes of JSON.");
  });

  it("refuses contact custom_fields nested too deep, as a record error", async () => {
    const t = await createTenant();
    const contacts = `[{"phone_number":"+12125550123","custom_fields":${deepObjectText(100_000)}}]`;
    const res = await call("/v2/contacts/bulk", {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": t.secret },
      body: `{"contacts":${contacts}}`,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success_count: number; errors: Array<{ code: string; error: string }> };
    expect(body.success_count).toBe(0);
    expect(body.errors[0]).toMatchObject({ code: "invalid_custom_fields", error: expect.stringContaining("nested more than 10 levels") });
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM contacts WHERE site_id = ?").bind(t.site.id).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });
});
