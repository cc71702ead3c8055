// How many slots the object grants for one lease request.

export type LeaseSizing = {
  /** Requests waiting in the asking isolate right now. */
  need: number;
  /** What the isolate expects to use within a lease's lifetime (≥ need). */
  want: number;
  /** Slots of the window nobody holds. */
  free: number;
  /** Isolates that asked within a lease lifetime, the asking one included. */
  holders: number;
};

/** Slots for expected demand are at most this fraction of an equal share of the free budget. */
export const SHARE_FRACTION = 0.5;

/**
 * Waiting requests get slots whenever the budget has them: an exact counter would admit them
 * too. Slots for expected demand are capped at half an equal share of what is free among the
 * isolates that are asking, so that when the budget runs low no isolate sits on slots another
 * one is refused for: grants shrink geometrically with the free budget, down to one slot per
 * request at the very end of it.
 */
export function leaseSize({ need, want, free, holders }: LeaseSizing): number {
  if (free <= 0) return 0;
  const share = Math.floor((free * SHARE_FRACTION) / Math.max(1, holders));
  return Math.min(free, Math.max(need, Math.min(want, share)));
}
