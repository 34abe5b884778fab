/**
 * Space-Saving top-k sketch (Metwally, Agrawal, El Abbadi 2005): `capacity` counters kept in a
 * min-heap. A value already watched gets +1; a new value replaces the least-counted one and
 * inherits its count (+1), remembering that inheritance as its possible over-count (`error`).
 *
 * Guarantees, with n values added: every value that occurs more than n / capacity times is
 * watched; a watched value's `count` is never below its true count and at most `error` above it.
 * Memory is fixed by `capacity`, whatever n is.
 */
export interface SketchEntry {
  value: unknown;
  count: number;
  /** Upper bound of the over-count: the true count is in [count - error, count]. */
  error: number;
  /** The row key where the value was first watched (an example). */
  firstKey: unknown;
}

export class SpaceSaving {
  private readonly heap: SketchEntry[] = [];
  private readonly index = new Map<unknown, number>();
  private total = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`SpaceSaving needs a positive whole capacity, not ${capacity}.`);
  }

  /** Values added so far (with their multiplicity). */
  get n(): number {
    return this.total;
  }

  /** Adds `count` occurrences of a value (count ≥ 1). */
  add(value: unknown, count = 1, key: unknown = null): void {
    this.total += count;
    const at = this.index.get(value);
    if (at !== undefined) {
      this.heap[at].count += count;
      this.siftDown(at);
      return;
    }
    if (this.heap.length < this.capacity) {
      this.heap.push({ value, count, error: 0, firstKey: key });
      this.index.set(value, this.heap.length - 1);
      this.siftUp(this.heap.length - 1);
      return;
    }
    const min = this.heap[0];
    this.index.delete(min.value);
    const inherited = min.count;
    min.value = value;
    min.error = inherited;
    min.count = inherited + count;
    min.firstKey = key;
    this.index.set(value, 0);
    this.siftDown(0);
  }

  /** Watched values, most counted first. */
  top(limit = this.capacity): SketchEntry[] {
    return [...this.heap].sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value))).slice(0, limit);
  }

  private siftUp(i: number): void {
    const { heap } = this;
    const item = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].count <= item.count) break;
      heap[i] = heap[parent];
      this.index.set(heap[i].value, i);
      i = parent;
    }
    heap[i] = item;
    this.index.set(item.value, i);
  }

  private siftDown(i: number): void {
    const { heap } = this;
    const n = heap.length;
    const item = heap[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right].count < heap[left].count ? right : left;
      if (heap[child].count >= item.count) break;
      heap[i] = heap[child];
      this.index.set(heap[i].value, i);
      i = child;
    }
    heap[i] = item;
    this.index.set(item.value, i);
  }
}
