// Calendar months as `YYYY-MM` labels and as integers (year × 12 + month − 1), so month
// arithmetic is integer arithmetic. The one place these conversions live.

/** The month of a `YYYY-MM` label or a `YYYY-MM-DD` date, as an integer. */
export function monthIndex(monthOrDate: string): number {
  return Number(monthOrDate.slice(0, 4)) * 12 + Number(monthOrDate.slice(5, 7)) - 1;
}

/** `YYYY-MM` of a month integer. */
export function monthLabel(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** `YYYY-MM` plus `delta` months. */
export function addMonths(month: string, delta: number): string {
  return monthLabel(monthIndex(month) + delta);
}
