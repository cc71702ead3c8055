// An account's monthly revenue, computed from its stored schedules with the same pure function
// that produced its ledger rows (revenueSchedule), so the two always agree to the minor unit.

import { revenueSchedule, type ScheduledRecord } from "../../formats/revenue-schedule";
import { monthIndex, monthLabel } from "../../months";

export type MonthTotal = { month: string; amountMinor: number };

/**
 * Every month from `from` to `to` (both `YYYY-MM`, included) with the sum of the schedules'
 * amounts in it, zero where there is none. Without a range, the months from the first to the
 * last with revenue.
 */
export function monthlyTotals(schedules: readonly ScheduledRecord[], from?: string, to?: string): MonthTotal[] {
  const sums = new Map<number, number>();
  for (const s of schedules) {
    for (const m of revenueSchedule(s)) {
      const i = monthIndex(m.month);
      sums.set(i, (sums.get(i) ?? 0) + m.amountMinor);
    }
  }
  const known = [...sums.keys()];
  const first = from !== undefined ? monthIndex(from) : known.length ? Math.min(...known) : undefined;
  const last = to !== undefined ? monthIndex(to) : known.length ? Math.max(...known) : undefined;
  if (first === undefined || last === undefined) return [];
  const out: MonthTotal[] = [];
  for (let i = first; i <= last; i++) out.push({ month: monthLabel(i), amountMinor: sums.get(i) ?? 0 });
  return out;
}
