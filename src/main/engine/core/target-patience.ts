import type { AcademiaClientOptions } from '../academia/academia-client';

/**
 * How patient the studio's clients of Academia Pro are, by who waits (issue 20 point 2).
 *
 * A check (the run's preflight, the scheduled health check) wants the answer "down" now: one
 * quick retry, short waits, a 15 s answer limit. A run's own client keeps the usual retries and
 * honours the target's Retry-After for a passing blip, but its circuit breaker trips after
 * `RUN_FAILURE_THRESHOLD` failed attempts in a row (5xx, 408, timeouts, dropped or refused
 * connections) and the push stops at once with TARGET_UNAVAILABLE instead of waiting out every
 * retry of every batch; the run is started again when the target is back, and what the target
 * already acknowledged is not sent twice.
 */
export type TargetClientTuning = Partial<Pick<AcademiaClientOptions, 'sleep' | 'requestTimeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'circuitBreaker'>>;

export const RUN_FAILURE_THRESHOLD = 5;

export const CHECK_PATIENCE: TargetClientTuning = { maxRetries: 1, maxDelayMs: 2_000, requestTimeoutMs: 15_000, circuitBreaker: false };

export const RUN_PATIENCE: TargetClientTuning = { circuitBreaker: { failureThreshold: RUN_FAILURE_THRESHOLD } };

/** The patience of `who`, with what a test (or a host) tuned on top. A check never trips a breaker (one check is one verdict). */
export function patienceOf(who: 'check' | 'run', tuning: TargetClientTuning = {}): TargetClientTuning {
  if (who === 'check') return { ...CHECK_PATIENCE, ...tuning, circuitBreaker: false };
  const breaker = tuning.circuitBreaker === false ? false : { failureThreshold: RUN_FAILURE_THRESHOLD, ...(tuning.circuitBreaker || {}) };
  return { ...RUN_PATIENCE, ...tuning, circuitBreaker: breaker };
}
