import { describe, expect, it } from 'vitest';
import { defaultExceptionFields, fromDateInput, fromLocalInput, limitsProblems, toLocalInput, validateException } from '../../src/renderer/src/features/sandbox-admin/admin-form-model';
import { filterEndpoints } from '../../src/renderer/src/features/sandbox-admin/endpoint-filter';
import { checkStages } from '../../src/renderer/src/features/target/check-stages';
import { daysUntilSunset, deprecationOf, successorName } from '../../src/renderer/src/features/target/deprecation';
import { fieldsFromProfile, forgetsSecret, isUnencryptedUrl, toProfileInput, validateTargetForm } from '../../src/renderer/src/features/target/target-form-model';
import type { TargetProfile } from '../../src/shared/model/settings';
import { apiInfo, demoSandboxOverview, targetCheck } from './support/fake-target';

const SANDBOX: TargetProfile = { name: 'Sandbox', kind: 'embedded-sandbox', baseUrl: null, apiVersion: 'v1', auth: 'oauth2', clientId: null, hasSecret: false, schoolId: 'DEMO' };
const DAY = 24 * 3600 * 1000;

describe('target profile form model', () => {
  it('sends no address for the built-in sandbox, even one typed before switching', () => {
    const fields = { ...fieldsFromProfile(SANDBOX), baseUrl: 'https://left.over', clientId: '  ' };
    expect(validateTargetForm(fields)).toEqual({});
    expect(toProfileInput(fields)).toEqual({ name: 'Sandbox', kind: 'embedded-sandbox', baseUrl: null, apiVersion: 'v1', auth: 'oauth2', clientId: null, schoolId: 'DEMO' });
  });

  it('knows which changes make the engine forget the secret', () => {
    const remote: TargetProfile = { ...SANDBOX, kind: 'remote', baseUrl: 'https://a.example', clientId: 'c1', hasSecret: true };
    const input = toProfileInput(fieldsFromProfile(remote));
    expect(forgetsSecret(remote, { ...input, name: 'Renamed', apiVersion: 'v2', schoolId: 'X' })).toBe(false);
    expect(forgetsSecret(remote, { ...input, baseUrl: 'https://b.example' })).toBe(true);
    expect(forgetsSecret(remote, { ...input, auth: 'api-key' })).toBe(true);
    expect(forgetsSecret(remote, { ...input, clientId: 'c2' })).toBe(true);
    expect(forgetsSecret({ ...remote, hasSecret: false }, { ...input, clientId: 'c2' })).toBe(false);
  });

  it('flags plain http only when it leaves this computer', () => {
    expect(isUnencryptedUrl('http://school.example')).toBe(true);
    expect(isUnencryptedUrl('http://127.0.0.1:4010')).toBe(false);
    expect(isUnencryptedUrl('http://localhost:4010')).toBe(false);
    expect(isUnencryptedUrl('https://school.example')).toBe(false);
    expect(validateTargetForm({ ...fieldsFromProfile(SANDBOX), kind: 'remote', baseUrl: 'https://user:pw@school.example', clientId: 'c' }).baseUrl).toMatch(/Leave user names and passwords out/);
  });
});

describe('connection check stages', () => {
  it('marks stages an ok check did not include as not checked, not failed', () => {
    const stages = checkStages(targetCheck(1, { auth: null }));
    expect(stages.map((s) => s.state)).toEqual(['ok', 'ok', 'skipped']);
    expect(stages[2].detail).toBe('Not checked.');
  });

  it('blames the first stage without an answer in a failed check', () => {
    const error = { code: 'TARGET_REJECTED' as const, message: 'GET /api/v1 answered 500.', hint: 'Try later.' };
    const stages = checkStages(targetCheck(1, { ok: false, info: null, auth: null, error }));
    expect(stages.map((s) => s.state)).toEqual(['ok', 'failed', 'skipped']);
    expect(stages[1].detail).toBe('GET /api/v1 answered 500.');
  });

  it('warns about a degraded service', () => {
    expect(checkStages(targetCheck(1, { health: { status: 'degraded', latencyMs: 900 } }))[0]).toMatchObject({ state: 'warning', latencyMs: 900 });
  });
});

describe('deprecation notice', () => {
  it('is built from the API info when the headers said nothing', () => {
    const check = targetCheck(1, { info: apiInfo({ status: 'Deprecated', sunsetAt: '2099-01-01T00:00:00.000Z', successorVersion: 'v2' }) });
    const deprecation = deprecationOf(check)!;
    expect(deprecation).toMatchObject({ apiVersion: 'v1', sunsetAt: '2099-01-01T00:00:00.000Z' });
    expect(deprecation.message).toBe('Academia Pro API v1 is deprecated. It may stop answering after 2099-01-01. Move the target to API v2.');
    expect(deprecationOf(targetCheck(2))).toBeNull();
    expect(deprecationOf(null)).toBeNull();
  });

  it('counts days to the sunset, negative once past, and names the successor from its link', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    const at = (ms: number) => ({ apiVersion: 'v1', deprecatedAt: null, sunsetAt: new Date(ms).toISOString(), successorUrl: 'https://x.example/api/v3', docsUrl: null, message: '' });
    expect(daysUntilSunset(at(now + 10 * DAY + 3_600_000), now)).toBe(10);
    expect(daysUntilSunset(at(now + 3_600_000), now)).toBe(0);
    expect(daysUntilSunset(at(now - 60_000), now)).toBe(-1);
    expect(daysUntilSunset({ ...at(now), sunsetAt: null }, now)).toBeNull();
    expect(successorName(at(now), 'v2')).toBe('v3');
    expect(successorName({ ...at(now), successorUrl: null }, 'v2')).toBe('v2');
  });
});

describe('sandbox admin forms', () => {
  it('round-trips local times and refuses what is not a time', () => {
    const ms = Date.parse('2025-05-04T09:30:00Z');
    expect(fromLocalInput(toLocalInput(ms))).toBe(new Date(ms).toISOString());
    expect(fromLocalInput('')).toBeNull();
    expect(fromDateInput('2025-13-45')).toBeNull();
    expect(fromDateInput('2099-06-30')).toBe(new Date('2099-06-30T00:00').toISOString());
  });

  it('starts an exception window now for four hours with twice the default limits, and refuses one already over', () => {
    const now = Date.parse('2025-05-04T09:30:27Z');
    const fields = defaultExceptionFields(now, 'studio', { perMinute: 600, perHour: 20_000 });
    expect(fields).toMatchObject({ clientId: 'studio', perMinute: '1200', perHour: '40000' });
    expect(Date.parse(fromLocalInput(fields.endsAt)!) - Date.parse(fromLocalInput(fields.startsAt)!)).toBe(4 * 3_600_000);
    expect(validateException(fields, now)).toEqual({});
    expect(validateException(fields, now + 5 * 3_600_000).endsAt).toMatch(/already over/);
    expect(limitsProblems('0', '10').perMinute).toMatch(/whole number/);
  });

  it('filters endpoints on every word, ignoring case', () => {
    const { endpoints } = demoSandboxOverview();
    expect(filterEndpoints(endpoints, { text: 'GUARDIANS', method: '', version: '' }).map((e) => e.operationId)).toEqual(['guardians-batch']);
    expect(filterEndpoints(endpoints, { text: 'students read', method: 'GET', version: 'v1' }).map((e) => e.operationId)).toEqual(['students-list']);
    expect(filterEndpoints(endpoints, { text: '', method: 'DELETE', version: '' })).toEqual([]);
  });
});
