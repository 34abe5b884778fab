import { SpaceSaving } from './space-saving';

/** One counted item with the first row where it was seen. */
export interface CountedItem {
  value: string;
  count: number;
  firstKey: unknown;
  /** The first original value behind the item (e.g. the text whose pattern this is). */
  firstValue: unknown;
}

/**
 * Counts items exactly while there are at most `cap` different ones, then switches to a
 * Space-Saving sketch of `sketchSize` counters (seeded with the largest exact counts), so memory
 * stays bounded. `exact` says whether the counts are still exact.
 */
export class BoundedCounter {
  private map: Map<string, CountedItem> | null = new Map();
  private sketch: SpaceSaving | null = null;
  private readonly firstValues = new Map<string, unknown>();

  constructor(
    private readonly cap: number,
    private readonly sketchSize = 64,
  ) {}

  get exact(): boolean {
    return this.map !== null;
  }

  add(value: string, count: number, key: unknown, original: unknown): void {
    const map = this.map;
    if (map !== null) {
      const hit = map.get(value);
      if (hit) {
        hit.count += count;
        return;
      }
      if (map.size < this.cap) {
        map.set(value, { value, count, firstKey: key, firstValue: original });
        return;
      }
      this.overflow(map);
    }
    const sketch = this.sketch as SpaceSaving;
    sketch.add(value, count, key);
    if (!this.firstValues.has(value) && this.firstValues.size < this.sketchSize * 4) this.firstValues.set(value, original);
  }

  /** Count of one item: exact while `exact`, else the sketch's upper bound (0 when not watched). */
  countOf(value: string): number {
    if (this.map) return this.map.get(value)?.count ?? 0;
    return (this.sketch as SpaceSaving).top().find((e) => e.value === value)?.count ?? 0;
  }

  /** Items, most counted first. */
  items(limit = Infinity): CountedItem[] {
    if (this.map) {
      return [...this.map.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, limit);
    }
    return (this.sketch as SpaceSaving)
      .top()
      .slice(0, limit)
      .map((e) => ({ value: e.value as string, count: e.count, firstKey: e.firstKey, firstValue: this.firstValues.get(e.value as string) ?? e.value }));
  }

  private overflow(map: Map<string, CountedItem>): void {
    const sketch = new SpaceSaving(this.sketchSize);
    // Seeding with the largest counts keeps the sketch's guarantee: anything dropped counted no more than what was kept.
    const largest = [...map.values()].sort((a, b) => a.count - b.count).slice(-this.sketchSize);
    for (const item of largest) {
      sketch.add(item.value, item.count, item.firstKey);
      this.firstValues.set(item.value, item.firstValue);
    }
    this.sketch = sketch;
    this.map = null;
  }
}
