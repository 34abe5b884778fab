/**
 * HyperLogLog distinct counter with 2^14 registers (16 KB), fed by two independent 32-bit hashes
 * of each value: the first picks the register, the second gives the rank, so the sketch behaves
 * as if the hash had 46 bits and collisions stay negligible far beyond ten million values.
 *
 * The estimate uses Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017), which needs no empirical bias tables and is accurate from a
 * handful of values up to billions. Relative standard error: 1.04 / sqrt(16384) ≈ 0.81 %; so
 * about 95 % of estimates fall within ±1.6 % and 99.7 % within ±2.5 % of the true count
 * (docs/assessment.md). A sketch only depends on the set of values added, so adding a value
 * twice, or adding the distinct values of an exact set first, gives the same sketch.
 */
export const HLL_PRECISION = 14;
/** 1.04 / sqrt(2^14): the documented relative standard error. */
export const HLL_RELATIVE_ERROR = 1.04 / Math.sqrt(1 << HLL_PRECISION);

const M = 1 << HLL_PRECISION;
/** Rank bits: the second hash (32 bits), so ranks run 1..33. */
const Q = 32;

export class HyperLogLog {
  private readonly registers = new Uint8Array(M);
  private readonly scratch = new Float64Array(2);
  private readonly scratchInts = new Int32Array(this.scratch.buffer);

  /** Adds a value: text is hashed by its UTF-16 code units, numbers by their IEEE bits, anything else by its text. */
  add(value: unknown): void {
    if (typeof value === 'string') this.addString(value);
    else if (typeof value === 'number') this.addNumber(value);
    else this.addString(String(value));
  }

  addString(text: string): void {
    let h1 = 0x9747b28c ^ text.length;
    let h2 = 0x5bd1e995 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const k = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ k, 0x01000193);
      h2 = Math.imul(h2 + k, 0xcc9e2d51);
      h2 = (h2 << 15) | (h2 >>> 17);
    }
    this.insert(fmix(h1), fmix(h2 ^ 0x2545f491));
  }

  addNumber(n: number): void {
    this.scratch[0] = n === 0 ? 0 : n; // -0 and 0 are the same value
    const lo = this.scratchInts[0];
    const hi = this.scratchInts[1];
    this.insert(fmix(lo ^ fmix(hi ^ 0x27d4eb2f)), fmix(hi ^ fmix(lo ^ 0x61c88647) ^ 0x165667b1));
  }

  /** Merges another sketch into this one (the union of both sets). */
  merge(other: HyperLogLog): void {
    for (let i = 0; i < M; i++) if (other.registers[i] > this.registers[i]) this.registers[i] = other.registers[i];
  }

  /** Estimated number of distinct values added. */
  estimate(): number {
    const counts = new Array<number>(Q + 2).fill(0);
    for (let i = 0; i < M; i++) counts[this.registers[i]]++;
    let z = M * tau(1 - counts[Q + 1] / M);
    for (let k = Q; k >= 1; k--) z = 0.5 * (z + counts[k]);
    z += M * sigma(counts[0] / M);
    return Math.round((M * M) / (2 * Math.LN2) / z);
  }

  private insert(indexHash: number, rankHash: number): void {
    const index = indexHash >>> (32 - HLL_PRECISION);
    const rank = Math.clz32(rankHash) + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const before = z;
    z += x * y;
    y += y;
    if (z === before) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const before = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === before) return z / 3;
  }
}
