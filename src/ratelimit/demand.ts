// How many requests per second one identity brings to this isolate: leases are sized by it.

/** Arrivals in the last second, from two one-second buckets (the previous one weighted by overlap). */
export class DemandMeter {
  private bucket = Number.NEGATIVE_INFINITY;
  private current = 0;
  private previous = 0;

  record(now: number): void {
    this.roll(now);
    this.current += 1;
  }

  perSecond(now: number): number {
    this.roll(now);
    const elapsed = (now - this.bucket * 1000) / 1000;
    return this.previous * (1 - elapsed) + this.current;
  }

  private roll(now: number): void {
    const bucket = Math.floor(now / 1000);
    if (bucket === this.bucket) return;
    this.previous = bucket === this.bucket + 1 ? this.current : 0;
    this.current = 0;
    this.bucket = bucket;
  }
}
