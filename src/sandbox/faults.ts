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
  /**
   * The whole API is down: every request answers 503 at once (the admin API stays up, so the
   * service can be brought back). Optional so plans written before it still read as they did.
   */
  down?: boolean;
}

export const NO_FAULTS: FaultPlan = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0 };

const PROBABILITY_NAMES: Record<string, 'serverError' | 'timeout' | 'reset' | 'burst429'> = { '5xx': 'serverError', timeout: 'timeout', reset: 'reset', burst429: 'burst429' };

/** Parses the CLI form `5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01` (plus `down=1` / `down=0`). */
export function parseFaults(spec: string): FaultPlan {
  const plan: FaultPlan = { ...NO_FAULTS };
  const usage = 'Write faults as name=value pairs separated by commas, e.g. "5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01" (probabilities from 0 to 1; latency in ms or s; down=1 makes the whole API answer 503).';
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9]+)\s*=\s*(.+)$/i.exec(part);
    if (!m) throw new StudioError('USAGE', `The fault "${part}" is not of the form name=value.`, usage);
    const name = m[1].toLowerCase();
    const value = m[2].trim();
    if (name === 'down') {
      if (!/^(1|0|true|false|yes|no)$/i.test(value)) throw new StudioError('USAGE', `The fault "down" is on or off (down=1 or down=0), not "${value}".`, usage);
      plan.down = /^(1|true|yes)$/i.test(value);
      continue;
    }
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

/** The plan in the CLI form ("" for none), as the admin API's info and the CLI show it. */
export function describeFaults(plan: FaultPlan): string {
  const parts: string[] = [];
  if (plan.down) parts.push('down=1');
  if (plan.serverError) parts.push(`5xx=${plan.serverError}`);
  if (plan.timeout) parts.push(`timeout=${plan.timeout}`);
  if (plan.reset) parts.push(`reset=${plan.reset}`);
  if (plan.latencyMs) parts.push(`latency=${plan.latencyMs}ms`);
  if (plan.burst429) parts.push(`burst429=${plan.burst429}`);
  return parts.join(',');
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

export type FaultBefore = 'down' | 'server-error' | 'burst429' | null;
export type FaultAfter = 'timeout' | 'reset' | null;

/**
 * Decides, request by request, which fault (if any) strikes. The plan can be changed while the
 * sandbox runs (admin API `PUT /admin/v1/faults`), so a person can make the target fail and watch
 * an alert fire, then make it well again; the PRNG carries on, so a seed still replays a session.
 */
export class FaultInjector {
  private current: FaultPlan;
  /** The --faults text the sandbox was started with, shown as given until the plan is changed. */
  private spec: string | null;

  constructor(
    plan: FaultPlan,
    private readonly random: () => number,
    spec: string | null = null,
  ) {
    this.current = { ...plan };
    this.spec = spec;
  }

  /** The plan in the --faults form ("" for none). */
  describe(): string {
    return this.spec ?? describeFaults(this.current);
  }

  get plan(): FaultPlan {
    return { ...this.current };
  }

  /** Replaces the plan; takes effect from the next request. */
  set(plan: FaultPlan): void {
    this.current = { ...plan };
    this.spec = null;
  }

  get active(): boolean {
    const p = this.current;
    return p.down === true || p.serverError > 0 || p.timeout > 0 || p.reset > 0 || p.burst429 > 0 || p.latencyMs > 0;
  }

  /**
   * Draws every fault of one request at once, in a fixed order, so which faults are enabled
   * does not shift the sequence the others see.
   */
  draw(): { before: FaultBefore; after: FaultAfter; latencyMs: number } {
    const plan = this.current;
    const [e, b, t, r, l] = [this.random(), this.random(), this.random(), this.random(), this.random()];
    const before: FaultBefore = plan.down ? 'down' : e < plan.serverError ? 'server-error' : b < plan.burst429 ? 'burst429' : null;
    const after: FaultAfter = before ? null : t < plan.timeout ? 'timeout' : r < plan.reset ? 'reset' : null;
    const latencyMs = plan.latencyMs > 0 && !plan.down ? Math.round(plan.latencyMs * (0.5 + l)) : 0;
    return { before, after, latencyMs };
  }
}
