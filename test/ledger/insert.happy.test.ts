import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LEDGER_SOURCE, ledgerGroupedInsert, ledgerInsert, type RowOf } from "../../src/ledger";
import { createSite } from "../support/fixtures";

const INSERT = ledgerInsert({
  bound: ["siteId", "source", "currency"],
  perRow: ["id", "dedupeKey", "amountMinor", "occurredAt", "labels", "metadata", "isRecurring"],
  returning: true,
});

const row = (n: number, extra: Partial<RowOf<typeof INSERT>> = {}): RowOf<typeof INSERT> => ({
  id: `ltest_${crypto.randomUUID()}`,
  dedupeKey: `test:${n}`,
  amountMinor: 100 * n,
  occurredAt: `2026-01-0${n}T00:00:00.000Z`,
  ...extra,
});

type Raw = { id: string; source: string; currency: string; amount_minor: number; labels: string | null; metadata: string | null; is_recurring: number | null; created_at: string };
const stored = async (siteId: string) =>
  (await env.DB.prepare("SELECT * FROM ledger WHERE site_id = ?1 ORDER BY dedupe_key").bind(siteId).all<Raw>()).results;

describe("the ledger insert builder (happy)", () => {
  it("writes rows with the values shared by all of them bound once, JSON columns as JSON text and booleans as 1/0", async () => {
    const site = await createSite();
    const rows = [row(1, { labels: ["a", "b"], metadata: { k: "v", n: 1.5 }, isRecurring: true }), row(2, { isRecurring: false })];
    const statements = INSERT.statements(env.DB, { siteId: site.id, source: LEDGER_SOURCE.history, currency: "EUR" }, rows);
    expect(statements).toHaveLength(1);
    await env.DB.batch(statements);
    const [first, second] = await stored(site.id);
    expect(first).toMatchObject({ id: rows[0]!.id, source: "history", currency: "EUR", amount_minor: 100, labels: '["a","b"]', metadata: '{"k":"v","n":1.5}', is_recurring: 1 });
    expect(first!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(second).toMatchObject({ labels: null, metadata: null, is_recurring: 0 });
  });

  it("skips a row whose id or (site, dedupe key) is already stored, and returns only the ids it wrote", async () => {
    const site = await createSite();
    const bound = { siteId: site.id, source: LEDGER_SOURCE.history, currency: "USD" };
    const first = row(1);
    await env.DB.batch(INSERT.statements(env.DB, bound, [first]));
    const sameKey = row(1, { amountMinor: 999 });
    const sameId = row(2, { id: first.id });
    const fresh = row(3);
    const [result] = await env.DB.batch<{ id: string }>(INSERT.statements(env.DB, bound, [sameKey, sameId, fresh]));
    expect(result!.results.map((r) => r.id)).toEqual([fresh.id]);
    expect((await stored(site.id)).map((r) => [r.id, r.amount_minor])).toEqual([
      [first.id, 100],
      [fresh.id, 300],
    ]);
  });

  it("writes nothing while a guard does not hold", async () => {
    const site = await createSite();
    const guarded = ledgerInsert({
      bound: ["siteId", "source", "currency"],
      perRow: ["id", "dedupeKey", "amountMinor", "occurredAt"],
      guard: { params: 1, sql: (v) => `${v.param(0)} = 'open'` },
    });
    const bound = { siteId: site.id, source: LEDGER_SOURCE.batch, currency: "USD" };
    await env.DB.batch(guarded.statements(env.DB, bound, [row(1)], ["closed"]));
    expect(await stored(site.id)).toHaveLength(0);
    await env.DB.batch(guarded.statements(env.DB, bound, [row(1)], ["open"]));
    expect(await stored(site.id)).toHaveLength(1);
  });

  it("writes grouped rows with the group's values and a column derived in SQL", async () => {
    const site = await createSite();
    const grouped = ledgerGroupedInsert({
      bound: ["siteId", "source", "currency"],
      perGroup: ["externalId", "eventType"],
      groupInputs: ["who"],
      perRow: ["id", "dedupeKey", "amountMinor", "occurredAt"],
      derived: { customerId: (v) => `upper(${v.group("who")})` },
    });
    const bound = { siteId: site.id, source: LEDGER_SOURCE.accountFile, currency: "USD" };
    await env.DB.batch(
      grouped.statements(env.DB, bound, [
        { externalId: "s1", eventType: "MRR", who: "acme", rows: [row(1), row(2)] },
        { externalId: "s2", eventType: "ARR", who: "globex", rows: [] },
        { externalId: "s3", eventType: "ARR", who: "initech", rows: [row(3)] },
      ]),
    );
    const rows = (await env.DB.prepare("SELECT external_id, event_type, customer_id, amount_minor FROM ledger WHERE site_id = ?1 ORDER BY dedupe_key").bind(site.id).all()).results;
    expect(rows).toEqual([
      { external_id: "s1", event_type: "MRR", customer_id: "ACME", amount_minor: 100 },
      { external_id: "s1", event_type: "MRR", customer_id: "ACME", amount_minor: 200 },
      { external_id: "s3", event_type: "ARR", customer_id: "INITECH", amount_minor: 300 },
    ]);
  });

  it("cuts many rows into statements of bounded size and builds nothing for no rows", () => {
    const bound = { siteId: "site_x", source: LEDGER_SOURCE.history, currency: "USD" };
    expect(INSERT.statements(env.DB, bound, [])).toEqual([]);
    const big = Array.from({ length: 3000 }, (_, i) => row(1, { id: `id_${i}`, dedupeKey: `k_${i}`, metadata: { padding: "x".repeat(300) } }));
    expect(INSERT.statements(env.DB, bound, big).length).toBeGreaterThan(1);
  });

  it("is the only writer: its statement names the columns from the drizzle table and one idempotency rule", () => {
    expect(INSERT.sql).toContain("INSERT INTO ledger (site_id, source, currency, id, dedupe_key, amount_minor, occurred_at, labels, metadata, is_recurring)");
    expect(INSERT.sql).toMatch(/ON CONFLICT DO NOTHING\nRETURNING id$/);
  });
});
