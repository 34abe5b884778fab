import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessSource, type AssessOptions } from '../../../src/main/engine/assessment/assess-source';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { SqliteConnector } from '../../../src/main/engine/connectors/sqlite/sqlite-connector';
import type { AssessmentResult, Finding } from '../../../src/shared/model/assessment';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { ORPHANS_MANIFEST, REQUIRED_EMPTY_MANIFEST, writeOrphansFixture, writeRequiredEmptyFixture } from '../../support/detector-fixtures';
import { tempDir } from '../../support/temp-dir';

// Issue 16's patterns, each planted in its own small source (test/support/detector-fixtures.ts)
// with its exact counts in a manifest written before the detector.
const dir = tempDir('apstudio-patterns-');
afterAll(() => dir.cleanup());
/** A new folder inside the test's temporary folder, for a fixture written more than once. */
const fresh = () => mkdtempSync(join(dir.path, 'f-'));

async function assess(connector: SourceConnector, opts: Partial<AssessOptions> = {}): Promise<AssessmentResult> {
  try {
    return await assessSource(connector, { sourceLabel: 'pattern fixture', now: () => new Date('2025-10-15T09:00:00Z'), ...opts });
  } finally {
    await connector.close();
  }
}

const on = (result: AssessmentResult, table: string, column: string | null) => result.findings.filter((f) => f.table === table && f.column === column);
const find = (result: AssessmentResult, code: string, table: string, column: string | null = null): Finding | undefined =>
  result.findings.find((f) => f.code === code && f.table === table && (column === null || f.column === column));

describe('1. orphans that hide themselves', () => {
  it('reports each link with its orphan rate, however high, and the whole links without one', async () => {
    const result = await assess(new SqliteConnector(writeOrphansFixture(dir.path)));
    for (const [at, expected] of Object.entries(ORPHANS_MANIFEST.orphans)) {
      const [table, column] = at.split('.');
      const [toTable, toColumn] = expected.to.split('.');
      const rel = result.relationships.find((r) => r.fromTable === table && r.fromColumns.join() === column);
      expect(rel, at).toMatchObject({ toTable, toColumns: [toColumn], orphans: expected.count, referencingRows: expected.referencing });
      const f = find(result, 'ORPHAN_REFERENCE', table, column);
      expect(f?.count, at).toBe(expected.count);
      expect(f?.message).toContain(`(${Math.round(expected.rate * 100)} %)`);
      expect((f?.fix?.payload as { orphanRate: number }).orphanRate).toBe(expected.rate);
    }
    for (const at of ORPHANS_MANIFEST.whole) {
      const [table, column] = at.split('.');
      expect(result.relationships.find((r) => r.fromTable === table && r.fromColumns.join() === column)?.orphans, at).toBe(0);
      expect(find(result, 'ORPHAN_REFERENCE', table, column), at).toBeUndefined();
    }
    expect(result.findings.filter((f) => f.code === 'ORPHAN_REFERENCE')).toHaveLength(Object.keys(ORPHANS_MANIFEST.orphans).length);
  });
});

describe('3. required fields left empty', () => {
  const m = REQUIRED_EMPTY_MANIFEST;
  const mapping: EntityMapping = {
    id: 'm1',
    entity: 'students',
    connectionId: 'c1',
    stream: 'pupils',
    keyColumns: ['pupil_id'],
    fields: [
      { field: 'firstName', column: 'forename', transforms: [] },
      { field: 'lastName', column: 'surname', transforms: [] },
      { field: 'birthDate', column: 'dob', transforms: [] },
      { field: 'gender', column: 'sex', transforms: [] },
      { field: 'gradeLevel', column: 'year_group', transforms: [] },
    ],
    updatedAt: '2025-10-01T00:00:00Z',
  };

  it.each([
    ['guessed from names', undefined],
    ['with a mapping', [mapping]],
  ])('an empty birth date is one blocking error with the choices spelled out (%s)', async (_, mappings) => {
    const result = await assess(new SqliteConnector(writeRequiredEmptyFixture(fresh())), { mappings });
    const findings = on(result, m.table, m.column);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ...m.finding, blocking: true, fix: { kind: 'review', target: { entity: 'students', field: 'birthDate' } } });
    for (const choice of m.choices) expect(findings[0].fix?.description).toMatch(choice);
    expect(result.readiness.blockers).toEqual([{ code: m.finding.code, table: m.table, column: m.column, message: findings[0].message }]);
    expect(result.readiness.explanation[0]).toMatch(/^Blocked: one problem stops the migration/);
    expect(result.findings.filter((f) => f.code === 'MISSING_VALUE' || f.code === 'MISSING_REQUIRED')).toEqual([]);
  });
});
