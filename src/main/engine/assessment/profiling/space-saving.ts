/**
 * Space-Saving top-k sketch (Metwally, Agrawal, El Abbadi 2005): `capacity` counters kept in a
 * min-heap. A value already watched gets +1; a new value replaces the least-counted one and
 * inherits its count (+1), remembering that inheritance as its possible over-count (`error`).
 *
 * Guarantees, with n values added: every value that occurs more than n / capacity times is
 * watched; a watched value's `count` is never below its true count and at most `error` above it.
 * Memory is fixed by `capacity`, whatever n is.
 *
 * With `admitOneIn` = k > 1, a value not yet watched takes a counter only on about one of every k
 * occurrences (a fixed pseudo-random sequence), which divides the cost of columns whose values
 * are nearly all different by k. A watched value still counts every occurrence; a heavy value is
 * merely noticed a few occurrences later, so `count − error` remains a lower bound of its true
 * count, and `count` an upper bound up to those few missed occurrences.
 */
export interface SketchEntry {
  value: unknown;
  count: number;
  /** Upper bound of the over-count: the true count is in [count - error, count]. */
  error: number;
  /** The row key where the value was first watched (an example). */
  firstKey: unknown;
}

interface Slot extends SketchEntry {
  /** Position in the heap, kept on the slot so moving it never touches the map. */
  pos: number;
}

export class SpaceSaving {
  private readonly heap: Slot[] = [];
  private readonly index = new Map<unknown, Slot>();
  private total = 0;
  private random = 0x2545f491;

  constructor(
    private readonly capacity: number,
    private readonly admitOneIn = 1,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`SpaceSaving needs a positive whole capacity, not ${capacity}.`);
  }

  /** Values added so far (with their multiplicity). */
  get n(): number {
    return this.total;
  }

  /** Adds `count` occurrences of a value (count ≥ 1). */
  add(value: unknown, count = 1, key: unknown = null): void {
    this.total += count;
    const slot = this.index.get(value);
    if (slot !== undefined) {
      slot.count += count;
      this.siftDown(slot.pos);
      return;
    }
    const heap = this.heap;
    if (heap.length < this.capacity) {
      const fresh: Slot = { value, count, error: 0, firstKey: key, pos: heap.length };
      heap.push(fresh);
      this.index.set(value, fresh);
      this.siftUp(fresh.pos);
      return;
    }
    if (this.admitOneIn > 1) {
      // xorshift32: a fixed sequence, so the same data always gives the same sketch.
      let x = this.random;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.random = x;
      if ((x >>> 0) % this.admitOneIn !== 0) return;
    }
    const min = heap[0];
    this.index.delete(min.value);
    min.error = min.count;
    min.count += count;
    min.value = value;
    min.firstKey = key;
    this.index.set(value, min);
    this.siftDown(0);
  }

  /** Watched values, most counted first. */
  top(limit = this.capacity): SketchEntry[] {
    return this.heap
      .map(({ value, count, error, firstKey }) => ({ value, count, error, firstKey }))
      .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
      .slice(0, limit);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const item = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p.count <= item.count) break;
      heap[i] = p;
      p.pos = i;
      i = parent;
    }
    heap[i] = item;
    item.pos = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right].count < heap[left].count ? right : left;
      const c = heap[child];
      if (c.count >= item.count) break;
      heap[i] = c;
      c.pos = i;
      i = child;
    }
    heap[i] = item;
    item.pos = i;
  }
}
