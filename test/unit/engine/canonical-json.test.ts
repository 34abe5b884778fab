import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecord } from '../../../src/main/engine/pipeline/record-hash';
import { idempotencyKeyFor } from '../../../src/main/engine/academia/academia-client';
import { canonicalJson } from '../../../src/shared/canonical-json';

/**
 * Staged rows keep the hash the target last acknowledged, and a resumed run must send the
 * Idempotency-Key its first attempt sent: the one canonical JSON must give the exact bytes of the
 * two functions it replaced. These are their last versions, frozen here as the reference.
 */
function formerStagingJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

function formerTargetJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortKeys(x)));
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

const record = { externalId: 'S-0001', lastName: 'Ōkafor', firstName: 'Zoë', dateOfBirth: '2012-03-04', allergies: ['Peanuts', 'Eggs'], address: { town: 'Leeds', line1: '1 Road' }, year: 7, active: true, note: null };

/** Values a run stages or pushes, and the sandbox stores: parsed JSON, plus what connectors hand over. */
const jsonValues: unknown[] = [
  record,
  [record, { externalId: 'S-0002', firstName: 'Al' }],
  { b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } },
  { Z: 1, a: 2, _: 3, '10': 4, '9': 5, é: 6, 'a b': 7, '': 8 },
  [undefined, null, 0, -0, 1.5e300, 'x', [[]], {}],
  { nested: [{ z: [{ y: 1, x: [2, { w: 3, v: undefined }] }] }] },
  'text',
  42,
  null,
  true,
];

describe('canonical JSON', () => {
  it('gives the bytes both former functions gave, on every value either was given', () => {
    for (const value of jsonValues) {
      expect(canonicalJson(value)).toBe(formerStagingJson(value));
      expect(canonicalJson(value)).toBe(formerTargetJson(value));
    }
  });

  it('leaves dates and buffers to their own toJSON, as staging hashes always did', () => {
    const withBinary = { photo: Buffer.from([1, 2, 3]), seen: new Date('2024-01-02T03:04:05Z'), b: 1, a: 2 };
    expect(canonicalJson(withBinary)).toBe(formerStagingJson(withBinary));
    expect(canonicalJson(withBinary)).toBe('{"a":2,"b":1,"photo":{"type":"Buffer","data":[1,2,3]},"seen":"2024-01-02T03:04:05.000Z"}');
  });

  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson([undefined, () => 1])).toBe('[null,null]');
  });

  it('keeps the stored staging hash and the idempotency key of a known batch unchanged', () => {
    // Digests taken with the former functions before they were merged.
    expect(hashRecord(record)).toBe('a90870d94b2f4bf9f681026de6476e4c65cc3d7c5558e9e27714db6b8776be29');
    expect(idempotencyKeyFor('run-20261207102200-abcd1234', 'students', [record, { externalId: 'S-0002', firstName: 'Al' }])).toBe('e3f488881411fbc777b1f5ef047c4e6604e3a7470c3b9283ba080fc443e13528');
    expect(hashRecord({ ...record })).toBe(createHash('sha256').update(formerStagingJson(record)).digest('hex'));
  });
});
