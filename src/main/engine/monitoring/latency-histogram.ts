/**
 * A fixed-bucket latency histogram, the form latencies take once raw samples are rolled up.
 *
 * Percentiles cannot be averaged or added (the p95 of two hours is not the mean of their p95s),
 * but bucket counts can: every rollup keeps one of these and a period's percentiles are read off
 * the merged counts. Buckets grow geometrically by GROWTH: bucket 0 holds [0, 1) ms and bucket
 * i ≥ 1 holds [GROWTH^(i−1), GROWTH^i) ms. A percentile is answered with its bucket's geometric
 * middle, so it is within √GROWTH − 1 ≈ 4.9 % of the true nearest-rank value, whatever the mix.
 */
export const GROWTH = 1.1;
/** Bucket 200 starts near 47 hours: anything slower lands there. */
export const MAX_BUCKET = 200;
/** The largest relative error of a percentile read off the histogram. */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(GROWTH) - 1;

const LOG_GROWTH = Math.log(GROWTH);

/** Bucket index → count; sparse, because a period's latencies fill few buckets. */
export type LatencyHistogram = Map<number, number>;

export function bucketOf(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  return Math.min(MAX_BUCKET, Math.floor(Math.log(latencyMs) / LOG_GROWTH) + 1);
}

/** The value a bucket answers for: its geometric middle (0 for the sub-millisecond bucket). */
export function bucketValue(index: number): number {
  if (index <= 0) return 0;
  return Math.exp((index - 0.5) * LOG_GROWTH);
}

export function addLatency(h: LatencyHistogram, latencyMs: number, count = 1): void {
  const b = bucketOf(latencyMs);
  h.set(b, (h.get(b) ?? 0) + count);
}

export function mergeInto(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
}

export function histogramCount(h: LatencyHistogram): number {
  let n = 0;
  for (const c of h.values()) n += c;
  return n;
}

/** Nearest-rank percentile (p in 0–1) read off the histogram; null when it is empty. */
export function histogramPercentile(h: LatencyHistogram, p: number): number | null {
  const n = histogramCount(h);
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  let seen = 0;
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    seen += h.get(b)!;
    if (seen >= rank) return bucketValue(b);
  }
  return bucketValue(MAX_BUCKET);
}

/** Stored as JSON pairs `[[bucket, count], …]` in ascending bucket order. */
export function encodeHistogram(h: LatencyHistogram): string {
  return JSON.stringify([...h.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]));
}

export function decodeHistogram(text: string): LatencyHistogram {
  const h: LatencyHistogram = new Map();
  const pairs = JSON.parse(text) as unknown;
  if (!Array.isArray(pairs)) return h;
  for (const pair of pairs) {
    if (Array.isArray(pair) && Number.isInteger(pair[0]) && Number.isFinite(pair[1])) h.set(pair[0] as number, (h.get(pair[0] as number) ?? 0) + (pair[1] as number));
  }
  return h;
}
