// Monthly revenue schedules of account records (contract §6). Everything is integer minor
// units: a split hands out the remainder so the parts add up exactly to what was split.
import { monthIndex, monthLabel } from "../months";
import type { RevenueType } from "./account-file/revenue-type";

export type ScheduledRecord = {
  amountMinor: number;
  /** `YYYY-MM-DD` */
  start: string;
  /** `YYYY-MM-DD`, not before `start` */
  end: string;
  type: RevenueType;
};

export type ScheduleMonth = {
  /** `YYYY-MM` */
  month: string;
  amountMinor: number;
};

/** Months from the start month to the end month, both included (Jan–Jun is 6). */
export function monthsSpanned(start: string, end: string): number {
  return monthIndex(end) - monthIndex(start) + 1;
}

/**
 * Splits `total` minor units into `parts` whole parts that add up to exactly `total`, the
 * remainder spread across the parts rather than piled on one: part i is
 * floor((i+1)·total/parts) − floor(i·total/parts). 100 over 3 is 33, 33, 34; 200 over 3 is
 * 66, 67, 67. BigInt keeps (i+1)·total exact for any safe-integer total.
 */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isSafeInteger(total) || !Number.isInteger(parts) || parts < 1) {
    throw new RangeError(`cannot split ${total} into ${parts} parts`);
  }
  const sign = total < 0 ? -1 : 1;
  const t = BigInt(Math.abs(total));
  const n = BigInt(parts);
  const out: number[] = new Array(parts);
  let previous = 0n;
  for (let i = 1; i <= parts; i++) {
    const cumulative = (BigInt(i) * t) / n;
    out[i - 1] = sign * Number(cumulative - previous);
    previous = cumulative;
  }
  return out;
}

/**
 * The months a record's revenue falls in:
 * - ARR over 12 months or more: the annual amount split into 12 monthly parts, repeated, so
 *   every 12 consecutive months add up to exactly the amount (12,000 over 2016 → 1,000.00 a
 *   month); over fewer months: the amount split over those months.
 * - MRR: the amount in every month (12,000 over 2016 → 144,000 in the year).
 * - One Time: the whole amount in the start month.
 * - Other: the amount split over the months (12,000 over Jan–Jun → 2,000.00 a month).
 */
export function revenueSchedule(record: ScheduledRecord): ScheduleMonth[] {
  const first = monthIndex(record.start);
  const months = monthsSpanned(record.start, record.end);
  if (months < 1) throw new RangeError(`end ${record.end} is before start ${record.start}`);
  let amounts: number[];
  switch (record.type) {
    case "ARR": {
      if (months < 12) {
        amounts = splitEvenly(record.amountMinor, months);
      } else {
        const year = splitEvenly(record.amountMinor, 12);
        amounts = Array.from({ length: months }, (_, i) => year[i % 12] ?? 0);
      }
      break;
    }
    case "MRR":
      amounts = new Array<number>(months).fill(record.amountMinor);
      break;
    case "One Time":
      amounts = [record.amountMinor];
      break;
    case "Other":
      amounts = splitEvenly(record.amountMinor, months);
      break;
  }
  return amounts.map((amountMinor, i) => ({ month: monthLabel(first + i), amountMinor }));
}

/** What a record's schedule adds up to. */
export function scheduleTotal(schedule: readonly ScheduleMonth[]): number {
  return schedule.reduce((sum, m) => sum + m.amountMinor, 0);
}
