/**
 * A Bloom filter over strings: a set that answers "certainly not present" or "probably present"
 * in fixed memory. Sized for `capacity` items at a target false-positive rate p:
 *   bits m = ⌈−n·ln p / (ln 2)²⌉, hashes k = round(m/n · ln 2),
 * so 0.1 % costs about 14.4 bits (1.8 bytes) per item and a million keys fit in 1.8 MB. Past its
 * capacity the rate rises: `expectedFalsePositiveRate()` gives (1 − e^(−k·n/m))^k for the items
 * actually added. The k positions come from two 32-bit MurmurHash3 values combined as
 * h1 + i·h2 (Kirsch–Mitzenmacher), which keeps the rate of k independent hashes.
 */
export class BloomFilter {
  readonly bits: number;
  readonly hashes: number;
  private readonly words: Uint32Array;
  private added = 0;

  constructor(
    readonly capacity: number,
    readonly targetFalsePositiveRate = 0.001,
  ) {
    const n = Math.max(1, Math.ceil(capacity));
    const p = Math.min(0.5, Math.max(1e-9, targetFalsePositiveRate));
    this.bits = Math.max(64, Math.ceil((-n * Math.log(p)) / (Math.LN2 * Math.LN2)));
    this.hashes = Math.max(1, Math.round((this.bits / n) * Math.LN2));
    this.words = new Uint32Array(Math.ceil(this.bits / 32));
  }

  add(value: string): void {
    const h1 = murmur3(value, 0x9747b28c);
    const h2 = murmur3(value, 0x5bd1e995) | 1;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % this.bits;
      this.words[at >>> 5] |= 1 << (at & 31);
    }
    this.added++;
  }

  /** False: certainly never added. True: added, or a false positive (see the class comment). */
  has(value: string): boolean {
    const h1 = murmur3(value, 0x9747b28c);
    const h2 = murmur3(value, 0x5bd1e995) | 1;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % this.bits;
      if ((this.words[at >>> 5] & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }

  /** Items added so far (with repeats). */
  get size(): number {
    return this.added;
  }

  /** The false-positive rate to expect with the items added so far. */
  expectedFalsePositiveRate(): number {
    return Math.pow(1 - Math.exp((-this.hashes * this.added) / this.bits), this.hashes);
  }

  /** Memory held by the bit array, in bytes. */
  get byteLength(): number {
    return this.words.byteLength;
  }
}

/** MurmurHash3 (x86, 32-bit) over the string's UTF-16 code units. */
export function murmur3(text: string, seed: number): number {
  let h = seed >>> 0;
  const length = text.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    let k = (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)) >>> 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  if (i < length) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
