import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeRelationships, type RelationshipAnalysis } from '../../../../src/main/engine/assessment/relationships';
import { SqliteConnector } from '../../../../src/main/engine/connectors/sqlite/sqlite-connector';
import { generateLegacySchool, type DemoManifest } from '../../../../src/main/engine/demo/generate-legacy-school';
import type { StreamInfo } from '../../../../src/shared/model/connection';
import { tempDir } from '../../../support/temp-dir';

describe('keys and relationships of the demo school (2000 pupils, seed 42)', () => {
  const tmp = tempDir('apstudio-assess-rel-');
  const file = join(tmp.path, 'school.sqlite');
  let manifest: DemoManifest;
  let connector: SqliteConnector;
  let streams: StreamInfo[];
  let result: RelationshipAnalysis;

  beforeAll(async () => {
    manifest = await generateLegacySchool({ file, pupils: 2000, seed: 42 });
    connector = new SqliteConnector(file);
    streams = await connector.discover();
    result = await analyzeRelationships(connector, streams, []);
  });

  afterAll(async () => {
    await connector?.close();
    tmp.cleanup();
  });

  const rel = (from: string, column: string) => result.relationships.find((r) => r.fromTable === from && r.fromColumns.join() === column);

  it('finds the planted orphan enrolments with the manifest’s exact count and example rows', () => {
    const planted = manifest.planted.find((p) => p.code === 'ORPHAN_REFERENCE')!;
    const enrolPupil = rel('CLASS_ENROL', 'PUPIL_NO')!;
    expect(enrolPupil).toMatchObject({ toTable: 'PUPILS', toColumns: ['PUPIL_NO'], declared: false, orphans: planted.count, orphansExact: true, referencingRows: 5340 });
    expect(enrolPupil.orphanExamples).toEqual(planted.exampleKeys);
    const findings = result.findings.filter((f) => f.code === 'ORPHAN_REFERENCE');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ table: 'CLASS_ENROL', column: 'PUPIL_NO', count: 13, severity: 'error' });
    expect(findings[0].examples.map((e) => e.ENROL_ID)).toEqual(planted.exampleKeys);
  });

  it('infers every conventional reference of the school, with its confidence', () => {
    const expected: [string, string, string, string, number][] = [
      ['CLASS_ENROL', 'PUPIL_NO', 'PUPILS', 'PUPIL_NO', 0.945],
      ['CLASS_ENROL', 'CLASS_ID', 'CLASSES', 'CLASS_ID', 0.95],
      ['ATTENDANCE', 'PUPIL_NO', 'PUPILS', 'PUPIL_NO', 0.95],
      ['MARKS', 'PUPIL_NO', 'PUPILS', 'PUPIL_NO', 0.95],
      ['MARKS', 'CLASS_ID', 'CLASSES', 'CLASS_ID', 0.95],
      ['INVOICES', 'PUPIL_NO', 'PUPILS', 'PUPIL_NO', 0.95],
      ['INVOICES', 'FAMILY_ID', 'FAMILIES', 'FAMILY_ID', 0.95],
      ['PAYMENTS', 'INV_NO', 'INVOICES', 'INV_NO', 0.95],
      ['PUPILS', 'FAMILY_ID', 'FAMILIES', 'FAMILY_ID', 0.95],
      ['CONTACTS', 'FAMILY_ID', 'FAMILIES', 'FAMILY_ID', 0.95],
      ['CLASSES', 'COURSE_CODE', 'COURSES', 'COURSE_CODE', 0.95],
      ['CLASSES', 'TEACHER_ID', 'STAFF', 'STAFF_ID', 0.75],
    ];
    for (const [from, column, to, toColumn, confidence] of expected) {
      const r = rel(from, column);
      expect(r, `${from}.${column}`).toMatchObject({ toTable: to, toColumns: [toColumn], declared: false });
      expect(r!.confidence, `${from}.${column}`).toBeCloseTo(confidence, 2);
    }
    expect(result.relationships).toHaveLength(expected.length);
  });

  it('takes PUPIL_NO + ATT_DATE as the key of ATTENDANCE and finds no key problems elsewhere', () => {
    expect(result.keys.find((k) => k.table === 'ATTENDANCE')).toMatchObject({ declared: [], key: ['PUPIL_NO', 'ATT_DATE'] });
    expect(result.findings.filter((f) => f.code !== 'ORPHAN_REFERENCE').map((f) => [f.code, f.table, f.column])).toEqual([['CANDIDATE_KEY', 'ATTENDANCE', 'PUPIL_NO, ATT_DATE']]);
    expect(result.notAssessed).toEqual([]);
  });

  it('with Bloom filters instead of exact sets, the orphan count is a lower bound and says so', async () => {
    const bloom = await analyzeRelationships(connector, streams, [], { limits: { exactLimit: 500 } });
    const r = bloom.relationships.find((x) => x.fromTable === 'CLASS_ENROL' && x.fromColumns.join() === 'PUPIL_NO')!;
    expect(r.orphansExact).toBe(false);
    expect(r.orphans).toBeLessThanOrEqual(13);
    // 0.1 % false positives: losing more than two of thirteen orphans would be far outside the rate.
    expect(r.orphans).toBeGreaterThanOrEqual(11);
    expect(bloom.keys.find((k) => k.table === 'ATTENDANCE')?.key).toEqual(['PUPIL_NO', 'ATT_DATE']);
    expect(bloom.findings.find((f) => f.code === 'ORPHAN_REFERENCE')?.message).toMatch(/^At least /);
  });
});
