import { BloomFilter } from './bloom-filter';

/** False-positive rate of the Bloom filters that stand in for large key sets (0.1 %). */
export const BLOOM_FALSE_POSITIVE_RATE = 0.001;

/**
 * The key values of a parent table, for containment and orphan checks. Exact (a Set) up to
 * `exactLimit` values; past that, a Bloom filter sized for `expected` values at 0.1 %, which
 * keeps memory at about 1.8 bytes per key. An exact set gives exact orphan counts; a Bloom
 * filter can take an orphan for a match (0.1 % of the time), so counts made with it are lower
 * bounds, and say so (`exact` false).
 */
export class KeyValueSet {
  private set: Set<string> | null;
  private bloom: BloomFilter | null = null;

  constructor(
    private readonly expected: number,
    private readonly exactLimit: number,
    initial?: Set<string>,
  ) {
    this.set = initial ?? new Set<string>();
    if (this.set.size > exactLimit) this.toBloom();
  }

  /** Wraps a Bloom filter already built elsewhere (a large table's key scan). */
  static fromBloom(bloom: BloomFilter): KeyValueSet {
    const s = new KeyValueSet(bloom.capacity, 0, new Set());
    s.set = null;
    s.bloom = bloom;
    return s;
  }

  add(value: string): void {
    if (this.set) {
      this.set.add(value);
      if (this.set.size > this.exactLimit) this.toBloom();
    } else {
      (this.bloom as BloomFilter).add(value);
    }
  }

  has(value: string): boolean {
    return this.set ? this.set.has(value) : (this.bloom as BloomFilter).has(value);
  }

  /** True while the set is exact (no false positives). */
  get exact(): boolean {
    return this.set !== null;
  }

  /** Values held exactly (0 once it became a Bloom filter). */
  get exactSize(): number {
    return this.set?.size ?? 0;
  }

  /** Gives up exactness to free memory (used when many large sets are held at once). */
  toBloom(): void {
    if (!this.set) return;
    const bloom = new BloomFilter(Math.max(this.expected, this.set.size * 2, 1024), BLOOM_FALSE_POSITIVE_RATE);
    for (const v of this.set) bloom.add(v);
    this.bloom = bloom;
    this.set = null;
  }
}
