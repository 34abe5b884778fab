import { describe, expect, it } from 'vitest';
import { summarizeRequests } from '../../../src/main/engine/project/target-checks-repo';
import { validateProfile } from '../../../src/main/engine/services/targets-service';
import { StudioError } from '../../../src/shared/errors';
import type { TargetProfileInput } from '../../../src/shared/model/target';

const base: TargetProfileInput = { name: ' Production ', kind: 'remote', baseUrl: 'https://api.example.org/academia/', apiVersion: 'v1', auth: 'oauth2', clientId: ' sis ', schoolId: ' GF ' };

function fieldOf(input: TargetProfileInput): string | undefined {
  try {
    validateProfile(input);
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('TARGET_PROFILE_INVALID');
    expect((err as StudioError).hint.length).toBeGreaterThan(10);
    return (err as StudioError).where?.field;
  }
  throw new Error('expected the profile to be refused');
}

describe('target profile rules', () => {
  it('normalises a good remote profile: trimmed values, no trailing slash', () => {
    expect(validateProfile(base)).toEqual({ name: 'Production', kind: 'remote', baseUrl: 'https://api.example.org/academia', apiVersion: 'v1', auth: 'oauth2', clientId: 'sis', schoolId: 'GF' });
  });

  it('names the field that is wrong', () => {
    expect(fieldOf({ ...base, baseUrl: null })).toBe('baseUrl');
    expect(fieldOf({ ...base, baseUrl: 'api.example.org' })).toBe('baseUrl');
    expect(fieldOf({ ...base, baseUrl: 'file:///etc/passwd' })).toBe('baseUrl');
    expect(fieldOf({ ...base, baseUrl: 'https://u:p@api.example.org' })).toBe('baseUrl');
    expect(fieldOf({ ...base, baseUrl: 'https://api.example.org/?token=x' })).toBe('baseUrl');
    expect(fieldOf({ ...base, clientId: null })).toBe('clientId');
    expect(fieldOf({ ...base, auth: 'jwt', clientId: '  ' })).toBe('clientId');
    expect(fieldOf({ ...base, schoolId: '' })).toBe('schoolId');
    expect(fieldOf({ ...base, name: ' ' })).toBe('name');
  });

  it('lets an API key go without a client id, and the embedded sandbox without an address', () => {
    expect(validateProfile({ ...base, auth: 'api-key', clientId: null }).clientId).toBeNull();
    expect(validateProfile({ ...base, kind: 'embedded-sandbox', baseUrl: 'https://ignored', clientId: null })).toMatchObject({ kind: 'embedded-sandbox', baseUrl: null });
  });
});

describe('request figures of a run', () => {
  it('are zero for a run without requests', () => {
    expect(summarizeRequests('r', [])).toEqual({ runId: 'r', requests: 0, byStatus: {}, retries: 0, latencyMs: { p50: 0, p95: 0, max: 0 } });
  });

  it('count statuses, network failures and retries, with nearest-rank percentiles', () => {
    const entries: { status: number | null; latencyMs: number; attempt: number }[] = Array.from({ length: 100 }, (_, i) => ({ status: i < 97 ? 200 : 503, latencyMs: i + 1, attempt: 1 }));
    entries.push({ status: null, latencyMs: 5000, attempt: 2 }, { status: 429, latencyMs: 2, attempt: 3 });
    const stats = summarizeRequests('r', entries);
    expect(stats.requests).toBe(102);
    expect(stats.byStatus).toEqual({ '200': 97, '503': 3, '429': 1, network: 1 });
    expect(stats.retries).toBe(2);
    // Sorted: 1, 2, 2, 3 … 100, 5000 (102 values): rank ceil(0.5·102) = 51 → 50; ceil(0.95·102) = 97 → 96.
    expect(stats.latencyMs).toEqual({ p50: 50, p95: 96, max: 5000 });
  });
});
