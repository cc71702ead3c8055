// Monthly MRR movements (contract §7) from the one ledger:
// - account schedules: the rows the ledger marks recurring (`LedgerRow.isRecurring` in
//   src/ledger/row.ts: months of ARR/MRR schedules); each account's recurring revenue per month
//   is compared with the month before: from nothing → new, up → expansion, down → contraction,
//   to nothing → churn;
// - revenue events (source `event`): `mrr_impact` when sent, else the amount, classified by
//   event_type: subscription → new, upgrade → expansion, downgrade → contraction, churn → churn;
//   other types with an mrr_impact count as expansion or contraction by its sign.
// Everything is summed in integer minor units per currency; nothing is converted.
import { addMonths } from "../../months";

export const movementKinds = ["new", "expansion", "contraction", "churn"] as const;
export type MovementKind = (typeof movementKinds)[number];
export type Movements = Record<MovementKind, number>;

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

export const emptyMovements = (): Movements => ({ new: 0, expansion: 0, contraction: 0, churn: 0 });

/**
 * Movements of account MRR per month and currency. `recurring` holds each account's recurring
 * revenue per month (absent = 0); months in `months` are compared with the month before each.
 */
export function accountMovements(
  recurring: ReadonlyArray<{ account: string; currency: string; month: string; minor: number }>,
  months: readonly string[],
): Map<string, Movements> {
  const byAccount = new Map<string, Map<string, number>>();
  for (const r of recurring) {
    const key = `${r.currency}\u001f${r.account}`;
    const perMonth = byAccount.get(key) ?? new Map<string, number>();
    perMonth.set(r.month, (perMonth.get(r.month) ?? 0) + r.minor);
    byAccount.set(key, perMonth);
  }
  const out = new Map<string, Movements>(); // key: `${month}\u001f${currency}`
  for (const [key, perMonth] of byAccount) {
    const currency = key.slice(0, key.indexOf("\u001f"));
    for (const month of months) {
      const before = perMonth.get(addMonths(month, -1)) ?? 0;
      const now = perMonth.get(month) ?? 0;
      if (before === now) continue;
      const kind: MovementKind = before === 0 ? "new" : now === 0 ? "churn" : now > before ? "expansion" : "contraction";
      const slot = `${month}\u001f${currency}`;
      const m = out.get(slot) ?? emptyMovements();
      m[kind] += now - before;
      out.set(slot, m);
    }
  }
  return out;
}
