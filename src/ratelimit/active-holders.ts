// The isolates that asked an object for a lease recently: leases are sized by their number.

/** Holders seen within `horizonMs`, kept in order of last sight so expiry is amortised O(1). */
export class ActiveHolders {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly horizonMs: number) {}

  /** Records `holder` as seen at `now`; returns how many holders are active, it included. */
  touch(holder: string, now: number): number {
    this.lastSeen.delete(holder);
    this.lastSeen.set(holder, now);
    const cutoff = now - this.horizonMs;
    for (const [h, seen] of this.lastSeen) {
      if (seen > cutoff) break;
      this.lastSeen.delete(h);
    }
    return this.lastSeen.size;
  }
}
