import type { SandboxFaultProfile } from '../../../../shared/model/target';
import type { FaultProfileRequest } from '../../stores/sandbox-admin-store';

/** The fault form as typed: probabilities as percentages (people think of "10 %", the API of 0.1). */
export interface FaultFields {
  down: boolean;
  serverError: string;
  timeout: string;
  reset: string;
  burst429: string;
  latencyMs: string;
}

export const PERCENT_FIELDS = ['serverError', 'timeout', 'reset', 'burst429'] as const;
export type PercentField = (typeof PERCENT_FIELDS)[number];
export const MAX_LATENCY_MS = 60_000;

/** A sandbox that injects nothing. */
export const HEALTHY: FaultProfileRequest = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false };

/** 0.1 → "10"; rounded so 0.07 does not show as 7.000000000000001. */
const percent = (p: number) => String(Math.round(p * 10_000) / 100);

export function fieldsOf(profile: SandboxFaultProfile | FaultProfileRequest): FaultFields {
  return { down: profile.down, serverError: percent(profile.serverError), timeout: percent(profile.timeout), reset: percent(profile.reset), burst429: percent(profile.burst429), latencyMs: String(profile.latencyMs) };
}

/** Which fields do not hold a usable value (an empty one counts as 0). */
export function faultProblems(fields: FaultFields): { percent: PercentField[]; latency: boolean } {
  const bad = PERCENT_FIELDS.filter((k) => {
    const v = Number(fields[k].trim() || '0');
    return !Number.isFinite(v) || v < 0 || v > 100;
  });
  const ms = Number(fields.latencyMs.trim() || '0');
  return { percent: bad, latency: !Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS };
}

/** The request for valid fields (check {@link faultProblems} first). */
export function requestOf(fields: FaultFields): FaultProfileRequest {
  const p = (k: PercentField) => Math.round(Number(fields[k].trim() || '0') * 100) / 10_000;
  return { down: fields.down, serverError: p('serverError'), timeout: p('timeout'), reset: p('reset'), burst429: p('burst429'), latencyMs: Number(fields.latencyMs.trim() || '0') };
}
