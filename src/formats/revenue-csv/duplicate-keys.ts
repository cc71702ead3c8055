// In-file duplicate detection on `Reference` + `RevenueClosedDate` in bounded memory.
//
// Keeping 500,000 key strings in a Set costs about 50 MB of a 128 MB isolate, and even a
// typed-array hash table pays a cache miss per row (it showed as the largest cost of
// validation after parsing). Instead each row appends its key's 64-bit hash, row number and
// line to one growing Uint32Array — sequential writes, 16 bytes a row, 8 MB for 500,000 rows —
// and `duplicates()` sorts the hashes once at the end (LSD radix sort, 4 passes of 16 bits)
// and reports every row whose hash an earlier row already had.
//
// Two different keys share a 64-bit hash with probability about n²/2⁶⁵ (7·10⁻⁹ for 500,000
// rows); that is the only way this can call two rows duplicates when they are not.
import type { RevenueDate } from "./dates";

let hashHigh = 0;
let hashLow = 0;

/**
 * Two independent 32-bit lanes of a cyrb53-style hash over the reference's characters and the
 * instant's integers (not over a formatted key string, which would cost a string per row).
 * Sets `hashHigh`/`hashLow` (module scratch rather than a tuple: no allocation per row).
 */
function hash64(reference: string, epochMs: number, subMs: number): void {
  const low = (epochMs % 0x1_0000_0000) | 0;
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

export type Duplicate = { rowNumber: number; line: number; firstRowNumber: number; firstLine: number };

const ENTRY = 4; // [hash high, hash low, row number, line]

export class DuplicateKeys {
  private entries: Uint32Array;
  private count = 0;

  constructor(initialRows = 1 << 14) {
    this.entries = new Uint32Array(initialRows * ENTRY);
  }

  /** Records the key of `rowNumber` (rows must be added in increasing row order). */
  add(reference: string, closedDate: RevenueDate, rowNumber: number, line: number): void {
    hash64(reference, closedDate.epochMs, closedDate.subMs);
    if ((this.count + 1) * ENTRY > this.entries.length) {
      const bigger = new Uint32Array(this.entries.length * 2);
      bigger.set(this.entries);
      this.entries = bigger;
    }
    const at = this.count++ * ENTRY;
    const e = this.entries;
    e[at] = hashHigh;
    e[at + 1] = hashLow;
    e[at + 2] = rowNumber;
    e[at + 3] = line;
  }

  /**
   * Rows whose key an earlier row had: how many, and the first `limit` of them in row order,
   * each with the earliest row of its key. Typed arrays throughout, so a file whose rows are
   * all the same key costs no more memory than any other.
   */
  duplicates(limit: number): { count: number; first: Duplicate[] } {
    const n = this.count;
    const e = this.entries;
    // Sort entry indices by (high, low): LSD radix on 16-bit digits, stable, so the entries of
    // one hash stay in file order (entries were added in row order).
    let order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let next = new Uint32Array(n);
    const counts = new Uint32Array(1 << 16);
    for (const [word, shift] of [
      [1, 0],
      [1, 16],
      [0, 0],
      [0, 16],
    ] as const) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(e[i * ENTRY + word]! >>> shift) & 0xffff]!++;
      let sum = 0;
      for (let d = 0; d < counts.length; d++) {
        const c = counts[d]!;
        counts[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const idx = order[i]!;
        next[counts[(e[idx * ENTRY + word]! >>> shift) & 0xffff]!++] = idx;
      }
      [order, next] = [next, order];
    }
    // Pairs (duplicate entry, earliest entry of its hash), packed into one exact float64 each
    // (entry indices < 2^22) so that one native sort puts them in row order.
    const pairs = new Float64Array(n);
    let count = 0;
    let runStart = 0;
    for (let i = 1; i < n; i++) {
      const a = order[runStart]! * ENTRY;
      const b = order[i]! * ENTRY;
      if (e[a] === e[b] && e[a + 1] === e[b + 1]) pairs[count++] = order[i]! * 2 ** 22 + order[runStart]!;
      else runStart = i;
    }
    const sorted = pairs.subarray(0, count).sort();
    const first: Duplicate[] = [];
    for (let i = 0; i < Math.min(limit, count); i++) {
      const dup = Math.floor(sorted[i]! / 2 ** 22) * ENTRY;
      const earliest = (sorted[i]! % 2 ** 22) * ENTRY;
      first.push({ rowNumber: e[dup + 2]!, line: e[dup + 3]!, firstRowNumber: e[earliest + 2]!, firstLine: e[earliest + 3]! });
    }
    return { count, first };
  }
}
