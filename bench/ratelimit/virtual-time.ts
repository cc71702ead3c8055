// Virtual time for the simulation: a queue of timed events run in order (time, then the order
// they were scheduled in), so a run is the same on every machine and every time.

type Event = { at: number; seq: number; run: () => void; settlesPromises: boolean };

export class VirtualTime {
  now = 0;
  private seq = 0;
  private heap: Event[] = [];

  /** Runs `run` at `at`; `settlesPromises` when it resolves a promise the protocol awaits. */
  at(at: number, run: () => void, settlesPromises = false): void {
    this.push({ at: Math.max(at, this.now), seq: this.seq++, run, settlesPromises });
  }

  sleep = (ms: number): Promise<void> => new Promise((resolve) => this.at(this.now + Math.max(0, ms), resolve, true));

  /** Runs every event up to `until`; promise continuations run before time moves on. */
  async run(until: number): Promise<void> {
    while (this.heap.length > 0 && this.heap[0]!.at <= until) {
      const event = this.pop();
      this.now = event.at;
      event.run();
      // setImmediate runs after every pending microtask (promise continuation) has run.
      if (event.settlesPromises) await new Promise((resolve) => setImmediate(resolve));
    }
    this.now = until;
  }

  private push(e: Event): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Event {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** mulberry32: a small seeded generator, so arrivals and latencies repeat exactly. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
