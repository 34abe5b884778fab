import { StudioError } from '../shared/errors';

/**
 * Faults the sandbox injects on demand, so a rehearsal meets the trouble a real service has.
 * Probabilities are per request, from 0 to 1.
 */
export interface FaultPlan {
  /** Answer 503 before doing anything (safe to retry). */
  serverError: number;
  /** Do the work, then never answer (the client times out; a retry must replay safely). */
  timeout: number;
  /** Do the work, then drop the connection (the client sees a reset; a retry must replay safely). */
  reset: number;
  /** Answer 429 with Retry-After: 1 before doing anything, as a front proxy under load does. */
  burst429: number;
  /** Delay every answer by about this much (±50 %). */
  latencyMs: number;
}

export const NO_FAULTS: FaultPlan = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0 };

const PROBABILITY_NAMES: Record<string, keyof FaultPlan> = { '5xx': 'serverError', timeout: 'timeout', reset: 'reset', burst429: 'burst429' };

/** Parses the CLI form `5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01`. */
export function parseFaults(spec: string): FaultPlan {
  const plan: FaultPlan = { ...NO_FAULTS };
  const usage = 'Write faults as name=value pairs separated by commas, e.g. "5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01" (probabilities from 0 to 1; latency in ms or s).';
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9]+)\s*=\s*(.+)$/i.exec(part);
    if (!m) throw new StudioError('USAGE', `The fault "${part}" is not of the form name=value.`, usage);
    const name = m[1].toLowerCase();
    const value = m[2].trim();
    if (name === 'latency') {
      const lm = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(value);
      if (!lm) throw new StudioError('USAGE', `The latency "${value}" is not a duration.`, usage);
      plan.latencyMs = Number(lm[1]) * (lm[2]?.toLowerCase() === 's' ? 1000 : 1);
      continue;
    }
    const key = PROBABILITY_NAMES[name];
    if (!key) throw new StudioError('USAGE', `There is no fault called "${m[1]}".`, usage);
    const p = Number(value);
    if (!Number.isFinite(p) || p < 0 || p > 1) throw new StudioError('USAGE', `The probability of ${m[1]} must be a number from 0 to 1, not "${value}".`, usage);
    plan[key] = p;
  }
  return plan;
}

/** mulberry32: a small seeded PRNG, so a rehearsal with --seed N meets the same faults again. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultBefore = 'server-error' | 'burst429' | null;
export type FaultAfter = 'timeout' | 'reset' | null;

/** Decides, request by request, which fault (if any) strikes. */
export class FaultInjector {
  constructor(
    private readonly plan: FaultPlan,
    private readonly random: () => number,
  ) {}

  get active(): boolean {
    const p = this.plan;
    return p.serverError > 0 || p.timeout > 0 || p.reset > 0 || p.burst429 > 0 || p.latencyMs > 0;
  }

  /**
   * Draws every fault of one request at once, in a fixed order, so which faults are enabled
   * does not shift the sequence the others see.
   */
  draw(): { before: FaultBefore; after: FaultAfter; latencyMs: number } {
    const [e, b, t, r, l] = [this.random(), this.random(), this.random(), this.random(), this.random()];
    const before: FaultBefore = e < this.plan.serverError ? 'server-error' : b < this.plan.burst429 ? 'burst429' : null;
    const after: FaultAfter = before ? null : t < this.plan.timeout ? 'timeout' : r < this.plan.reset ? 'reset' : null;
    const latencyMs = this.plan.latencyMs > 0 ? Math.round(this.plan.latencyMs * (0.5 + l)) : 0;
    return { before, after, latencyMs };
  }
}
