import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LEDGER_SOURCE, ledgerInsert, type RowOf, recurringScheduleTypeSql } from "../../src/ledger";
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

type Raw = {
  id: string;
  source: string;
  currency: string;
  amount_minor: number;
  labels: string | null;
  metadata: string | null;
  is_recurring: number | null;
  created_at: string;
};
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
    expect(first).toMatchObject({
      id: rows[0]!.id,
      source: "history",
      currency: "EUR",
      amount_minor: 100,
      labels: '["a","b"]',
      metadata: '{"k":"v","n":1.5}',
      is_recurring: 1,
    });
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

  it("derives columns in SQL from per-row inputs and joined rows", async () => {
    const site = await createSite();
    const derivedInsert = ledgerInsert({
      bound: ["siteId", "source", "currency"],
      perRow: ["externalId", "amountMinor"],
      rowInputs: ["month"],
      join: (v) => `CROSS JOIN sites AS s ON s.id = ${v.bound("siteId")}`,
      derived: {
        id: (v) => `'d_' || ${v.row("externalId")} || '_' || ${v.input("month")}`,
        dedupeKey: (v) => `'d:' || ${v.row("externalId")} || ':' || ${v.input("month")}`,
        occurredAt: (v) => `${v.input("month")} || '-01T00:00:00.000Z'`,
        customerId: () => "s.name",
        eventType: (v) => `upper(${v.row("externalId")})`,
        isRecurring: (v) => recurringScheduleTypeSql(`upper(${v.row("externalId")})`),
      },
    });
    const bound = { siteId: site.id, source: LEDGER_SOURCE.accountFile, currency: "USD" };
    await env.DB.batch(
      derivedInsert.statements(env.DB, bound, [
        { externalId: "mrr", amountMinor: 100, month: "2026-01" },
        { externalId: "other", amountMinor: 200, month: "2026-02" },
      ]),
    );
    const rows = (
      await env.DB.prepare(
        "SELECT id, dedupe_key, occurred_at, customer_id, event_type, is_recurring FROM ledger WHERE site_id = ?1 ORDER BY id",
      )
        .bind(site.id)
        .all()
    ).results;
    expect(rows).toEqual([
      {
        id: "d_mrr_2026-01",
        dedupe_key: "d:mrr:2026-01",
        occurred_at: "2026-01-01T00:00:00.000Z",
        customer_id: site.name,
        event_type: "MRR",
        is_recurring: 1,
      },
      {
        id: "d_other_2026-02",
        dedupe_key: "d:other:2026-02",
        occurred_at: "2026-02-01T00:00:00.000Z",
        customer_id: site.name,
        event_type: "OTHER",
        is_recurring: 0,
      },
    ]);
  });

  it("cuts many rows into statements of bounded size and builds nothing for no rows", () => {
    const bound = { siteId: "site_x", source: LEDGER_SOURCE.history, currency: "USD" };
    expect(INSERT.statements(env.DB, bound, [])).toEqual([]);
    const big = Array.from({ length: 3000 }, (_, i) =>
      row(1, { id: `id_${i}`, dedupeKey: `k_${i}`, metadata: { padding: "x".repeat(300) } }),
    );
    expect(INSERT.statements(env.DB, bound, big).length).toBeGreaterThan(1);
  });

  it("is the only writer: its statement names the columns from the drizzle table and one idempotency rule", () => {
    expect(INSERT.sql).toContain(
      "INSERT INTO ledger (site_id, source, currency, id, dedupe_key, amount_minor, occurred_at, labels, metadata, is_recurring)",
    );
    expect(INSERT.sql).toMatch(/ON CONFLICT DO NOTHING\nRETURNING id$/);
  });
});
