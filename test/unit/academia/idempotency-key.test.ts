import { describe, expect, it } from 'vitest';
import { idempotencyKeyFor } from '../../../src/main/engine/academia/academia-client';
import { canonicalJson } from '../../../src/shared/canonical-json';

describe('idempotencyKeyFor', () => {
  it('is a SHA-256 hex digest that depends on run, entity and content only', () => {
    const key = idempotencyKeyFor('run-1', 'students', [{ externalId: 'S1', firstName: 'Ana' }]);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyKeyFor('run-1', 'students', [{ firstName: 'Ana', externalId: 'S1' }])).toBe(key);
    expect(idempotencyKeyFor('run-2', 'students', [{ externalId: 'S1', firstName: 'Ana' }])).not.toBe(key);
    expect(idempotencyKeyFor('run-1', 'guardians', [{ externalId: 'S1', firstName: 'Ana' }])).not.toBe(key);
    expect(idempotencyKeyFor('run-1', 'students', [{ externalId: 'S1', firstName: 'Ana ' }])).not.toBe(key);
  });

  it('rests on canonical JSON: sorted keys at every depth, undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"e":2,"f":1}]},"b":1}');
  });
});
