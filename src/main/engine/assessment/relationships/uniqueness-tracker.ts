import { BloomFilter } from './bloom-filter';
import { BLOOM_FALSE_POSITIVE_RATE, KeyValueSet } from './key-set';

/** Duplicated key values found by a tracker: exact counts, examples in order of discovery. */
export interface DuplicateKeyReport {
  columns: string[];
  /** Rows whose key value is shared with at least one other row (every copy counts). */
  rows: number;
  /** Distinct key values that occur more than once. */
  values: number;
  /** The first few duplicated values and how many rows carry each. */
  examples: { key: string; rows: number }[];
}

const MAX_EXAMPLES = 5;

/**
 * Tests whether a column (or a tuple of columns) is unique, counting its duplicates exactly.
 * Small inputs use a Set. Large ones (more rows than the exact limit) use two passes: the first
 * runs the values through a Bloom filter and keeps those it has probably seen before (the true
 * repeats plus 0.1 % false alarms); the second counts just those suspects exactly. Memory is
 * then ~1.8 bytes per row plus the suspects, and the counts are still exact.
 */
export class UniquenessTracker {
  readonly mode: 'exact' | 'bloom';
  private seen: Set<string> | null = null;
  private bloom: BloomFilter | null = null;
  /** Exact mode: value → extra occurrences. Bloom mode: suspect → occurrences (second pass). */
  private repeats = new Map<string, number>();
  blanks = 0;
  nonBlank = 0;
  extraRows = 0;
  abandoned = false;

  constructor(
    readonly columns: string[],
    expectedRows: number,
    exactLimit: number,
    /** Give up (not a key) once more than this many rows repeat a value; Infinity for declared keys. */
    private readonly allowance: number,
  ) {
    this.mode = expectedRows > exactLimit ? 'bloom' : 'exact';
    if (this.mode === 'exact') this.seen = new Set<string>();
    else this.bloom = new BloomFilter(Math.max(expectedRows, 1024), BLOOM_FALSE_POSITIVE_RATE);
  }

  /** First pass: one row's key text (null when blank). */
  add(text: string | null): void {
    if (this.abandoned) return;
    if (text === null) {
      this.blanks++;
      return;
    }
    this.nonBlank++;
    if (this.seen) {
      if (this.seen.has(text)) {
        this.extraRows++;
        this.repeats.set(text, (this.repeats.get(text) ?? 0) + 1);
        if (this.extraRows > this.allowance) this.abandon();
      } else {
        this.seen.add(text);
      }
      return;
    }
    const bloom = this.bloom as BloomFilter;
    if (bloom.has(text)) {
      this.repeats.set(text, 0);
      // Suspects beyond the real repeats allowed plus the expected false alarms: not a key.
      if (this.repeats.size > this.allowance + 64 + BLOOM_FALSE_POSITIVE_RATE * 4 * this.nonBlank) this.abandon();
    } else {
      bloom.add(text);
    }
  }

  /** True when a second pass is needed to turn suspects into exact counts. */
  get needsSecondPass(): boolean {
    return this.mode === 'bloom' && !this.abandoned && this.repeats.size > 0;
  }

  /** Second pass (Bloom mode only): one row's key text again. */
  recount(text: string | null): void {
    if (text === null || this.abandoned) return;
    const n = this.repeats.get(text);
    if (n !== undefined) this.repeats.set(text, n + 1);
  }

  /** Ends the second pass: suspects seen once were false alarms. */
  finishSecondPass(): void {
    let extra = 0;
    for (const [value, n] of this.repeats) {
      if (n < 2) this.repeats.delete(value);
      else extra += n - 1;
    }
    this.extraRows = extra;
    if (extra > this.allowance) this.abandon();
  }

  /** Unique over every row, with no blank value. */
  get isKey(): boolean {
    return !this.abandoned && this.blanks === 0 && this.extraRows === 0 && this.nonBlank > 0;
  }

  /** The duplicates found, or null when there are none (or the tracker gave up). */
  duplicates(): DuplicateKeyReport | null {
    if (this.abandoned || this.extraRows === 0) return null;
    let rows = 0;
    const examples: { key: string; rows: number }[] = [];
    for (const [key, n] of this.repeats) {
      const copies = this.mode === 'exact' ? n + 1 : n;
      rows += copies;
      if (examples.length < MAX_EXAMPLES) examples.push({ key, rows: copies });
    }
    return { columns: this.columns, rows, values: this.repeats.size, examples };
  }

  /** The values seen, as a parent key set for containment checks (exact or Bloom). */
  keySet(exactLimit: number): KeyValueSet | null {
    if (this.abandoned) return null;
    if (this.seen) return new KeyValueSet(this.seen.size, exactLimit, this.seen);
    return KeyValueSet.fromBloom(this.bloom as BloomFilter);
  }

  private abandon(): void {
    this.abandoned = true;
    this.seen = null;
    this.bloom = null;
    this.repeats = new Map();
  }
}
