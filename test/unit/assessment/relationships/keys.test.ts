import { describe, expect, it } from 'vitest';
import { analyzeRelationships } from '../../../../src/main/engine/assessment/relationships';
import { UniquenessTracker } from '../../../../src/main/engine/assessment/relationships/uniqueness-tracker';
import { MemoryConnector, type MemoryTable } from './memory-connector';

const ids = (n: number, f: (i: number) => unknown[]) => Array.from({ length: n }, (_, i) => f(i + 1));

describe('UniquenessTracker', () => {
  const values = [...ids(500, (i) => [`v${i}`]), ['v7'], ['v7'], ['v42'], [null], ['  ']].map((r) => r[0] as string | null);
  const text = (v: string | null) => (v === null || v.trim() === '' ? null : v);

  it.each(['exact', 'bloom'] as const)('counts duplicates exactly in %s mode', (mode) => {
    const t = new UniquenessTracker(['c'], values.length, mode === 'exact' ? 10_000 : 10, Infinity);
    expect(t.mode).toBe(mode);
    for (const v of values) t.add(text(v));
    if (t.needsSecondPass) {
      for (const v of values) t.recount(text(v));
      t.finishSecondPass();
    }
    expect(t.blanks).toBe(2);
    expect(t.isKey).toBe(false);
    expect(t.duplicates()).toEqual({ columns: ['c'], rows: 5, values: 2, examples: [{ key: 'v7', rows: 3 }, { key: 'v42', rows: 2 }] });
  });

  it('gives up on a column once more rows repeat than allowed', () => {
    const t = new UniquenessTracker(['c'], 100, 1000, 3);
    for (let i = 0; i < 100; i++) t.add(String(i % 10));
    expect(t.abandoned).toBe(true);
    expect(t.duplicates()).toBeNull();
  });
});

describe('analyzeRelationships: keys', () => {
  const tables: MemoryTable[] = [
    // Declared key with two duplicated values (3 + 2 rows) and one blank key.
    { name: 'students', columns: [['id', 'integer'], ['name', 'string']], primaryKey: ['id'], rows: [[1, 'a'], [2, 'b'], [2, 'c'], [3, 'd'], [3, 'e'], [3, 'f'], [4, 'g'], [null, 'h']] },
    // No declared key; a pair of columns is unique.
    { name: 'attendance', columns: [['student_id', 'integer'], ['day', 'string'], ['mark', 'string']], rows: ids(30, (i) => [((i - 1) % 10) + 1, `2025-03-0${Math.ceil(i / 10)}`, i % 4 ? '/' : 'L']) },
    // No key at all: repeated rows.
    { name: 'notes', columns: [['note', 'string'], ['flag', 'string']], rows: [['x', 'Y'], ['x', 'Y'], ['y', 'N']] },
    // No declared key; an id column that would be the key but repeats one value.
    { name: 'legacy_staff', columns: [['STAFF_NO', 'string'], ['NAME', 'string']], rows: [['S1', 'Ann'], ['S2', 'Bob'], ['S2', 'Bob'], ['S3', 'Cy'], ['S4', 'Di']] },
    // No declared key; a single unique column.
    { name: 'rooms', columns: [['room_code', 'string'], ['floor', 'integer']], rows: [['R1', 1], ['R2', 1], ['R3', 2]] },
  ];

  it.each([
    ['exact sets', {}],
    ['Bloom filters and a second pass', { limits: { exactLimit: 2 } }],
  ])('finds duplicate, missing and candidate keys with exact counts (%s)', async (_label, opts) => {
    const connector = new MemoryConnector(tables);
    const result = await analyzeRelationships(connector, await connector.discover(), [], opts);
    const find = (code: string, table: string) => result.findings.filter((f) => f.code === code && f.table === table);

    const dup = find('DUPLICATE_KEY', 'students');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ severity: 'error', column: 'id', count: 5, examples: [{ key: '2', rows: 2 }, { key: '3', rows: 3 }] });
    expect(find('MISSING_KEY', 'students')[0]).toMatchObject({ count: 1, column: 'id' });

    expect(find('CANDIDATE_KEY', 'attendance')[0]).toMatchObject({ severity: 'info', column: 'student_id, day', count: 0 });
    expect(result.keys.find((k) => k.table === 'attendance')?.key).toEqual(['student_id', 'day']);

    expect(find('NO_PRIMARY_KEY', 'notes')[0]).toMatchObject({ severity: 'warning', count: 3, column: null });

    expect(find('DUPLICATE_KEY', 'legacy_staff')[0]).toMatchObject({ column: 'STAFF_NO', count: 2, examples: [{ key: 'S2', rows: 2 }] });
    expect(find('NO_PRIMARY_KEY', 'legacy_staff')).toHaveLength(0);

    expect(find('CANDIDATE_KEY', 'rooms')[0]).toMatchObject({ column: 'room_code' });
  });
});
