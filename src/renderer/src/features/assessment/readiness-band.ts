/**
 * The colour band of a readiness score (0–100, 100 = ready). Colour always comes with words:
 * the band's label says the same thing for those who cannot tell the colours apart.
 */
export type ReadinessBand = 'good' | 'fair' | 'poor';

/** 80 and above: migrate after small fixes; 50–79: real work first; below 50: serious problems. */
export function readinessBand(score: number): ReadinessBand {
  if (score >= 80) return 'good';
  if (score >= 50) return 'fair';
  return 'poor';
}

export const BAND_LABELS: Record<ReadinessBand, string> = {
  good: 'Ready after small fixes',
  fair: 'Needs work before migrating',
  poor: 'Not ready: serious problems',
};
