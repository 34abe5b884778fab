import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME_VARIANTS } from '../../../src/main/engine/demo/demo-names';
import { generateLegacySchool, type DemoManifest } from '../../../src/main/engine/demo/generate-legacy-school';
import { tempDir } from '../../support/temp-dir';
import { DATED_DOB, DMY2_GLOB, DMY4_GLOB, DOB_SENTINELS_SQL, ISO_GLOB, READABLE_DOB } from './legacy-sql';

/*
 * Every planted count in the manifest is re-derived here from the generated file with SQL (and,
 * where SQL has no function for it, a few lines of plain JavaScript over the selected values),
 * without calling the generator's own rules. A later assessment must find these same numbers.
 */

const SENTINELS = DOB_SENTINELS_SQL;
const DATED = DATED_DOB;
const LEADING_ZERO = (col: string) => `${col} GLOB '0[0-9]*' AND ${col} NOT GLOB '*[^0-9]*'`;

/** Windows-1252 per iconv-lite, undefined bytes as C1 controls (WHATWG): char → byte. */
const BYTE_OF = new Map<string, number>(
  Array.from({ length: 256 }, (_, b) => {
    const ch = iconv.decode(Buffer.of(b), 'windows1252');
    return [ch === '\ufffd' ? String.fromCharCode(b) : ch, b] as const;
  }),
);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function undoMojibake(s: string): string {
  if (!/[^\x00-\x7f]/.test(s)) return s;
  const bytes: number[] = [];
  for (const ch of s) {
    const b = BYTE_OF.get(ch);
    if (b === undefined) return s;
    bytes.push(b);
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return s;
  }
}

/** Names of one child, compared as duplicates are: variants, accents, case, spacing, order. */
const nameKey = (() => {
  const parent = new Map<string, string>();
  const find = (x: string): string => (parent.has(x) && parent.get(x) !== x ? find(parent.get(x)!) : x);
  const fold = (s: string) =>
    undoMojibake(s)
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
  for (const [a, b] of NAME_VARIANTS) parent.set(find(fold(a)), find(fold(b)));
  return (p: { FORENAME: string; SURNAME: string }) => [find(fold(p.FORENAME)), find(fold(p.SURNAME))].sort().join('|');
})();
const sameName = (a: { FORENAME: string; SURNAME: string }, b: { FORENAME: string; SURNAME: string }) => nameKey(a) === nameKey(b);

function invalidEmail(v: string | null): boolean {
  const e = (v ?? '').trim();
  if (e === '') return false;
  const parts = e.split('@');
  const domain = parts[1] ?? '';
  const looksRight = parts.length === 2 && parts[0].length > 0 && !/\s/.test(e) && domain.indexOf('.') > 0 && domain.lastIndexOf('.') < domain.length - 1;
  return !looksRight;
}

describe.each([
  { pupils: 2000, seed: 42, label: 'the default demo school' },
  { pupils: 3100, seed: 20260101, label: 'another size and seed' },
])('the planted problems of $label ($pupils pupils, seed $seed)', ({ pupils, seed }) => {
  const tmp = tempDir('apstudio-demo-planted-');
  const file = join(tmp.path, 'school.sqlite');
  let manifest: DemoManifest;
  let db: Database.Database;
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const values = (table: string, column: string): (string | null)[] => db.prepare(`SELECT "${column}" AS v FROM "${table}" ORDER BY rowid`).all().map((r) => (r as { v: string | null }).v);
  const found = (code: string, table: string, column: string | null) => {
    const entry = manifest.planted.find((p) => p.code === code && p.table === table && p.column === column);
    if (!entry) throw new Error(`manifest has no ${code} on ${table}.${column}`);
    return entry;
  };

  beforeAll(async () => {
    manifest = await generateLegacySchool({ file, pupils, seed });
    db = new Database(file, { readonly: true });
  });

  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  const verifiers: Record<string, () => number> = {
    'DUPLICATE_PERSON PUPILS *': () => {
      const pairs = db
        .prepare('SELECT a.PUPIL_NO AS a, b.PUPIL_NO AS b, a.FORENAME AS af, a.SURNAME AS asur, b.FORENAME AS bf, b.SURNAME AS bsur FROM PUPILS a JOIN PUPILS b ON a.FAMILY_ID = b.FAMILY_ID AND a.DOB = b.DOB AND a.PUPIL_NO < b.PUPIL_NO ORDER BY b.PUPIL_NO')
        .all() as { a: string; b: string; af: string; asur: string; bf: string; bsur: string }[];
      return pairs.filter((p) => sameName({ FORENAME: p.af, SURNAME: p.asur }, { FORENAME: p.bf, SURNAME: p.bsur })).length;
    },
    'LEADING_ZERO_ID PUPILS PUPIL_NO': () => count(`SELECT count(*) AS n FROM PUPILS WHERE ${LEADING_ZERO('PUPIL_NO')}`),
    'UNTRIMMED_TEXT PUPILS FORENAME': () => count(`SELECT count(*) AS n FROM PUPILS WHERE FORENAME <> trim(FORENAME)`),
    'UNTRIMMED_TEXT PUPILS SURNAME': () => count(`SELECT count(*) AS n FROM PUPILS WHERE SURNAME <> trim(SURNAME)`),
    'MOJIBAKE PUPILS FORENAME': () => values('PUPILS', 'FORENAME').filter((v) => v !== null && undoMojibake(v) !== v).length,
    'MOJIBAKE PUPILS SURNAME': () => values('PUPILS', 'SURNAME').filter((v) => v !== null && undoMojibake(v) !== v).length,
    'ALL_CAPS_TEXT PUPILS SURNAME': () =>
      values('PUPILS', 'SURNAME').filter((v) => {
        const s = undoMojibake(v ?? '');
        return s === s.toUpperCase() && s !== s.toLowerCase() && [...s].filter((c) => c !== c.toLowerCase()).length >= 2;
      }).length,
    'MISSING_VALUE PUPILS DOB': () => count(`SELECT count(*) AS n FROM PUPILS WHERE DOB IS NULL OR trim(DOB) = ''`),
    'SENTINEL_DATE PUPILS DOB': () => count(`SELECT count(*) AS n FROM PUPILS WHERE DOB IN ${SENTINELS}`),
    'MIXED_DATE_FORMATS PUPILS DOB': () => count(`SELECT count(*) AS n FROM PUPILS WHERE ${DATED} AND DOB NOT GLOB ${ISO_GLOB}`),
    'AMBIGUOUS_DATE PUPILS DOB': () =>
      count(
        `SELECT count(*) AS n FROM PUPILS WHERE (DOB GLOB ${DMY4_GLOB} OR DOB GLOB ${DMY2_GLOB}) AND CAST(substr(DOB,1,2) AS INTEGER) BETWEEN 1 AND 12 AND CAST(substr(DOB,4,2) AS INTEGER) BETWEEN 1 AND 12 AND substr(DOB,1,2) <> substr(DOB,4,2)`,
      ),
    'TWO_DIGIT_YEAR PUPILS DOB': () => count(`SELECT count(*) AS n FROM PUPILS WHERE DOB GLOB ${DMY2_GLOB}`),
    'IMPOSSIBLE_DATE PUPILS DOB': () => count(`SELECT count(*) AS n FROM PUPILS WHERE ${DATED} AND NOT ${READABLE_DOB}`),
    'CODE_NEEDS_CROSSWALK PUPILS SEX': () => count(`SELECT count(*) AS n FROM PUPILS WHERE SEX NOT IN ('female','male','other','unknown')`),
    'CODE_NEEDS_CROSSWALK PUPILS YEAR_GROUP': () => count(`SELECT count(*) AS n FROM PUPILS WHERE YEAR_GROUP NOT IN ('PK','KG','01','02','03','04','05','06','07','08','09','10','11','12','13')`),
    'CODE_NEEDS_CROSSWALK PUPILS STATUS': () => count(`SELECT count(*) AS n FROM PUPILS WHERE STATUS NOT IN ('active','inactive','graduated','withdrawn')`),
    'PACKED_LIST PUPILS SIBLING_IDS': () => count(`SELECT count(*) AS n FROM PUPILS WHERE SIBLING_IDS LIKE '%,%'`),
    'PACKED_LIST PUPILS ALLERGIES': () => count(`SELECT count(*) AS n FROM PUPILS WHERE ALLERGIES LIKE '%,%'`),
    'MISSING_VALUE CONTACTS FORENAME': () => count(`SELECT count(*) AS n FROM CONTACTS WHERE FORENAME IS NULL OR trim(FORENAME) = ''`),
    'UNTRIMMED_TEXT CONTACTS EMAIL': () => count(`SELECT count(*) AS n FROM CONTACTS WHERE EMAIL <> trim(EMAIL)`),
    'MOJIBAKE CONTACTS FORENAME': () => values('CONTACTS', 'FORENAME').filter((v) => v !== null && undoMojibake(v) !== v).length,
    'MOJIBAKE CONTACTS SURNAME': () => values('CONTACTS', 'SURNAME').filter((v) => v !== null && undoMojibake(v) !== v).length,
    'INVALID_EMAIL CONTACTS EMAIL': () => values('CONTACTS', 'EMAIL').filter(invalidEmail).length,
    'CODE_NEEDS_CROSSWALK CONTACTS RELATIONSHIP': () => count(`SELECT count(*) AS n FROM CONTACTS WHERE RELATIONSHIP NOT IN ('mother','father','guardian','grandparent','other')`),
    'ORPHAN_REFERENCE CLASS_ENROL PUPIL_NO': () => count(`SELECT count(*) AS n FROM CLASS_ENROL e WHERE NOT EXISTS (SELECT 1 FROM PUPILS p WHERE p.PUPIL_NO = e.PUPIL_NO)`),
    'LEADING_ZERO_ID CLASS_ENROL PUPIL_NO': () => count(`SELECT count(*) AS n FROM CLASS_ENROL WHERE ${LEADING_ZERO('PUPIL_NO')}`),
    'LEADING_ZERO_ID ATTENDANCE PUPIL_NO': () => count(`SELECT count(*) AS n FROM ATTENDANCE WHERE ${LEADING_ZERO('PUPIL_NO')}`),
    'LEADING_ZERO_ID MARKS PUPIL_NO': () => count(`SELECT count(*) AS n FROM MARKS WHERE ${LEADING_ZERO('PUPIL_NO')}`),
    'LEADING_ZERO_ID INVOICES PUPIL_NO': () => count(`SELECT count(*) AS n FROM INVOICES WHERE ${LEADING_ZERO('PUPIL_NO')}`),
  };

  it('has an independent check for every planted problem, and every one is present', () => {
    const keys = manifest.planted.map((p) => `${p.code} ${p.table} ${p.column ?? '*'}`);
    expect(keys.sort()).toEqual(Object.keys(verifiers).sort());
    for (const p of manifest.planted) expect(p.count, `${p.code} ${p.table}.${p.column}`).toBeGreaterThan(0);
  });

  it('states exact counts that SQL over the file confirms', () => {
    const mismatches = manifest.planted
      .map((p) => ({ key: `${p.code} ${p.table} ${p.column ?? '*'}`, manifest: p.count, sql: verifiers[`${p.code} ${p.table} ${p.column ?? '*'}`]() }))
      .filter((r) => r.manifest !== r.sql);
    expect(mismatches).toEqual([]);
  });

  it('gives example keys that really have the problem', () => {
    const check = (sql: string, key: string | number) => expect(db.prepare(sql).get(key), `${sql} ${key}`).toBeTruthy();
    for (const key of found('SENTINEL_DATE', 'PUPILS', 'DOB').exampleKeys) check(`SELECT 1 FROM PUPILS WHERE PUPIL_NO = ? AND DOB IN ${SENTINELS}`, key);
    for (const key of found('ORPHAN_REFERENCE', 'CLASS_ENROL', 'PUPIL_NO').exampleKeys) check(`SELECT 1 FROM CLASS_ENROL e WHERE ENROL_ID = ? AND NOT EXISTS (SELECT 1 FROM PUPILS p WHERE p.PUPIL_NO = e.PUPIL_NO)`, Number(key));
    for (const key of found('IMPOSSIBLE_DATE', 'PUPILS', 'DOB').exampleKeys) check(`SELECT 1 FROM PUPILS WHERE PUPIL_NO = ? AND ${DATED} AND NOT ${READABLE_DOB}`, key);
    for (const key of found('INVALID_EMAIL', 'CONTACTS', 'EMAIL').exampleKeys) {
      expect(invalidEmail((db.prepare('SELECT EMAIL FROM CONTACTS WHERE CONTACT_ID = ?').get(Number(key)) as { EMAIL: string }).EMAIL)).toBe(true);
    }
    const pairs = found('DUPLICATE_PERSON', 'PUPILS', null).exampleKeys.map((k) => k.split('|'));
    expect(pairs.length).toBe(5);
    for (const [a, b] of pairs) {
      const rows = db.prepare('SELECT FORENAME, SURNAME, DOB, FAMILY_ID FROM PUPILS WHERE PUPIL_NO IN (?, ?)').all(a, b) as { FORENAME: string; SURNAME: string; DOB: string; FAMILY_ID: string }[];
      expect(rows).toHaveLength(2);
      expect(rows[0].DOB).toBe(rows[1].DOB);
      expect(rows[0].FAMILY_ID).toBe(rows[1].FAMILY_ID);
      expect(sameName(rows[0], rows[1])).toBe(true);
      expect(`${rows[0].FORENAME}|${rows[0].SURNAME}`).not.toBe(`${rows[1].FORENAME}|${rows[1].SURNAME}`);
    }
  });

  it('plants twins that look alike but are not duplicates, and no chance look-alikes across families', () => {
    const twins = db
      .prepare("SELECT a.FORENAME AS af, a.SURNAME AS asur, b.FORENAME AS bf, b.SURNAME AS bsur FROM PUPILS a JOIN PUPILS b ON a.FAMILY_ID = b.FAMILY_ID AND a.DOB = b.DOB AND a.PUPIL_NO < b.PUPIL_NO WHERE a.DOB GLOB '[0-9]*' AND a.DOB NOT IN " + SENTINELS)
      .all() as { af: string; asur: string; bf: string; bsur: string }[];
    const notSame = twins.filter((t) => !sameName({ FORENAME: t.af, SURNAME: t.asur }, { FORENAME: t.bf, SURNAME: t.bsur }));
    expect(notSame.length).toBeGreaterThan(0);
    const everyone = db.prepare(`SELECT FAMILY_ID, FORENAME, SURNAME, DOB FROM PUPILS WHERE ${DATED}`).all() as { FAMILY_ID: string; FORENAME: string; SURNAME: string; DOB: string }[];
    const families = new Map<string, Set<string>>();
    for (const p of everyone) {
      const key = `${nameKey(p)}|${p.DOB}`;
      families.set(key, (families.get(key) ?? new Set()).add(p.FAMILY_ID));
    }
    expect([...families].filter(([, f]) => f.size > 1)).toEqual([]);
  });

  it('mixes day-first and month-first dates, so only one reading order can be right for each', () => {
    expect(count(`SELECT count(*) AS n FROM PUPILS WHERE DOB GLOB ${DMY4_GLOB} AND CAST(substr(DOB,1,2) AS INTEGER) > 12`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) AS n FROM PUPILS WHERE DOB GLOB ${DMY4_GLOB} AND CAST(substr(DOB,4,2) AS INTEGER) > 12 AND substr(DOB,7,4) > '2000'`)).toBeGreaterThan(0);
  });
});
