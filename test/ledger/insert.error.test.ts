import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LEDGER_SOURCE, ledgerInsert } from "../../src/ledger";

describe("the ledger insert builder (errors)", () => {
  it("refuses a shape that names a column twice", () => {
    expect(() =>
      ledgerInsert({ bound: ["siteId", "source", "currency"], perRow: ["id", "dedupeKey", "amountMinor", "occurredAt", "currency"] }),
    ).toThrow("ledger insert shape names currency twice");
  });

  it("refuses guard parameters that do not match the guard", () => {
    const guarded = ledgerInsert({
      bound: ["siteId", "source", "currency"],
      perRow: ["id", "dedupeKey", "amountMinor", "occurredAt"],
      guard: { params: 2, sql: (v) => `${v.param(0)} = ${v.param(1)}` },
    });
    const row = { id: "x", dedupeKey: "k", amountMinor: 1, occurredAt: "2026-01-01T00:00:00.000Z" };
    expect(() => guarded.statements(env.DB, { siteId: "s", source: LEDGER_SOURCE.batch, currency: "USD" }, [row], [1])).toThrow(
      "ledger insert guard takes 2 parameters, got 1",
    );
  });

  it("does not type-check a shape that leaves out a required column or names one the table does not have", () => {
    // Checked by `npm run typecheck` (the @ts-expect-error lines fail it if the shapes type-check); never run.
    const shapes = () => [
      // @ts-expect-error occurredAt (NOT NULL) is in no list
      ledgerInsert({ bound: ["siteId", "source", "currency"], perRow: ["id", "dedupeKey", "amountMinor"] }),
      // @ts-expect-error a column the ledger table does not have
      ledgerInsert({ bound: ["siteId", "source", "currency"], perRow: ["id", "dedupeKey", "amountMinor", "occurredAt", "amount"] }),
    ];
    expect(typeof shapes).toBe("function");
  });
});
