// In-file duplicate detection on `Reference` + `RevenueClosedDate` in bounded memory.
//
// Keeping 500,000 key strings in a Set costs about 50 MB of a 128 MB isolate. Instead each key
// is reduced to a 64-bit hash kept in one typed array (open addressing, linear probing), with
// the row and line of its first occurrence so the error can point at it. A slot is 4 adjacent
// u32 (hash high, hash low, row, line: one cache line per probe) = 16 bytes; at a load factor
// of at most 1/2 that is 16 MB for 500,000 rows, and no garbage for the collector.
// Two different keys share a 64-bit hash with probability about n²/2⁶⁵ (7·10⁻⁹ for 500,000
// rows); that is the only way this can call two rows duplicates when they are not.

import type { RevenueDate } from "./dates";

/**
 * Two independent 32-bit lanes of a cyrb53-style hash over the reference's characters and the
 * instant's integers (not over a formatted key string, which would cost a string per row).
 */
let hashHigh = 0;
let hashLow = 0;

/** Sets `hashHigh`/`hashLow` (module scratch rather than a tuple: no allocation per row). */
function hash64(reference: string, epochMs: number, subMs: number): void {
  const low = epochMs % 0x1_0000_0000 | 0;
  const high = Math.floor(epochMs / 0x1_0000_0000) | 0;
  let h1 = Math.imul(0xdeadbeef ^ low, 2654435761);
  let h2 = Math.imul(0x41c6ce57 ^ low, 1597334677);
  h1 = Math.imul(h1 ^ high, 2654435761);
  h2 = Math.imul(h2 ^ high, 1597334677);
  h1 = Math.imul(h1 ^ subMs, 2654435761);
  h2 = Math.imul(h2 ^ subMs, 1597334677);
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHigh = h1 >>> 0;
  hashLow = h2 >>> 0;
}

export type FirstSeen = { rowNumber: number; line: number };

const SLOT = 4; // [hash high, hash low, row number (0 = empty), line]

export class DuplicateKeys {
  private table: Uint32Array;
  private slots: number;
  private size = 0;

  constructor(initialCapacity = 1 << 16) {
    let slots = 16;
    while (slots < initialCapacity) slots <<= 1;
    this.slots = slots;
    this.table = new Uint32Array(slots * SLOT);
  }

  /** Records the key for `rowNumber`; returns where it was first seen if it was seen before. */
  add(reference: string, closedDate: RevenueDate, rowNumber: number, line: number): FirstSeen | null {
    hash64(reference, closedDate.epochMs, closedDate.subMs);
    const a = hashHigh;
    const b = hashLow;
    const t = this.table;
    const at = this.probe(t, this.slots, a, b);
    if (t[at + 2]! !== 0) return { rowNumber: t[at + 2]!, line: t[at + 3]! };
    t[at] = a;
    t[at + 1] = b;
    t[at + 2] = rowNumber;
    t[at + 3] = line;
    if (++this.size * 2 > this.slots) this.grow();
    return null;
  }

  /** Index in `t` of the slot holding hash (a, b), or of the empty slot where it belongs. */
  private probe(t: Uint32Array, slots: number, a: number, b: number): number {
    const mask = slots - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      const at = i * SLOT;
      if (t[at + 2]! === 0 || (t[at] === a && t[at + 1] === b)) return at;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.slots *= 2;
    this.table = new Uint32Array(this.slots * SLOT);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 2] === 0) continue;
      const to = this.probe(this.table, this.slots, old[at]!, old[at + 1]!);
      this.table.set(old.subarray(at, at + SLOT), to);
    }
  }
}
