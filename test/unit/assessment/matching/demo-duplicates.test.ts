import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDuplicatePeople, type MatchingResult } from '../../../../src/main/engine/assessment/matching';
import { SqliteConnector } from '../../../../src/main/engine/connectors/sqlite/sqlite-connector';
import { NAME_VARIANTS } from '../../../../src/main/engine/demo/demo-names';
import { generateLegacySchool, type DemoManifest } from '../../../../src/main/engine/demo/generate-legacy-school';
import { fixMojibake } from '../../../../src/main/engine/values/cp1252';
import { tempDir } from '../../../support/temp-dir';

/**
 * The oracle: the generator's own definition of a planted duplicate (docs/demo-school.md), applied
 * with SQL and the demo's NAME_VARIANTS table, so every planted pair is known by its PUPIL_NOs.
 * The matcher knows neither the family rule nor that table.
 */
const nameKey = (() => {
  const parent = new Map<string, string>();
  const find = (x: string): string => (parent.has(x) && parent.get(x) !== x ? find(parent.get(x)!) : x);
  const fold = (s: string) => fixMojibake(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [a, b] of NAME_VARIANTS) parent.set(find(fold(a)), find(fold(b)));
  return (first: string, last: string) => [find(fold(first)), find(fold(last))].sort().join('|');
})();

function plantedPairs(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT a.PUPIL_NO AS a, b.PUPIL_NO AS b, a.FORENAME AS af, a.SURNAME AS al, b.FORENAME AS bf, b.SURNAME AS bl FROM PUPILS a JOIN PUPILS b ON a.FAMILY_ID = b.FAMILY_ID AND a.DOB = b.DOB AND a.PUPIL_NO < b.PUPIL_NO')
      .all() as { a: string; b: string; af: string; al: string; bf: string; bl: string }[];
    return new Set(rows.filter((r) => nameKey(r.af, r.al) === nameKey(r.bf, r.bl)).map((r) => `${r.a}|${r.b}`));
  } finally {
    db.close();
  }
}

describe.each([
  { seed: 42, label: 'the default demo school', variants: [] as string[] },
  // This seed's second registrations include nicknames and a name in another script.
  { seed: 1, label: 'another seed', variants: ['Isabella ~ Isabel (known variant)', 'Mohammed ~ Muhammad (known variant)', 'דוד ~ David (the same name in another script)'] },
])('duplicate pupils in $label (2000 pupils, seed $seed)', ({ seed, variants }) => {
  const tmp = tempDir('apstudio-assess-dup-');
  const file = join(tmp.path, 'school.sqlite');
  let manifest: DemoManifest;
  let planted: Set<string>;
  let result: MatchingResult;
  let connector: SqliteConnector;

  beforeAll(async () => {
    manifest = await generateLegacySchool({ file, pupils: 2000, seed });
    planted = plantedPairs(file);
    connector = new SqliteConnector(file);
    result = await findDuplicatePeople(connector, await connector.discover(), []);
  });

  afterAll(async () => {
    await connector?.close();
    tmp.cleanup();
  });

  it('finds every planted pair, and the finding counts exactly the manifest’s pairs', () => {
    const count = manifest.planted.find((p) => p.code === 'DUPLICATE_PERSON')!.count;
    expect(planted.size).toBe(count);
    const found = new Set(result.duplicates.filter((d) => d.leftTable === 'PUPILS' && d.rightTable === 'PUPILS').map((d) => `${d.left}|${d.right}`));
    expect([...planted].filter((p) => !found.has(p))).toEqual([]);
    const finding = result.findings.find((f) => f.code === 'DUPLICATE_PERSON' && f.table === 'PUPILS');
    expect(finding?.count).toBe(count);
    for (const example of manifest.planted.find((p) => p.code === 'DUPLICATE_PERSON')!.exampleKeys) expect(found.has(example)).toBe(true);
  });

  it('flags nothing else: no twins, siblings, namesakes among guardians or staff (precision 100 %)', () => {
    const extra = result.duplicates.filter((d) => !(d.leftTable === 'PUPILS' && d.rightTable === 'PUPILS' && planted.has(`${d.left}|${d.right}`)));
    expect(extra).toEqual([]);
    expect(result.findings.map((f) => f.table)).toEqual(['PUPILS']);
    expect(result.peopleTables.map((t) => [t.table, t.role])).toEqual([
      ['CONTACTS', 'guardian'],
      ['PUPILS', 'student'],
      ['STAFF', 'staff'],
    ]);
  });

  it('says why each pair matched', () => {
    for (const d of result.duplicates) {
      expect(d.score).toBeGreaterThanOrEqual(0.85);
      expect(d.reasons.some((r) => r === 'same date of birth')).toBe(true);
    }
    for (const v of variants) expect(result.duplicates.some((d) => d.reasons.some((r) => r.endsWith(v)))).toBe(true);
    if (seed === 42) {
      expect(result.duplicates.filter((d) => d.reasons.includes('first name and surname swapped'))).toHaveLength(6);
      expect(result.duplicates.some((d) => d.reasons.includes('a name was repaired from garbled characters (mojibake) before comparing'))).toBe(true);
    }
  });
});
