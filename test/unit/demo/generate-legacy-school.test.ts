import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_CODE, generateLegacySchool, YEAR_GROUPS, type DemoManifest } from '../../../src/main/engine/demo/generate-legacy-school';
import { LEGACY_TABLES } from '../../../src/main/engine/demo/legacy-schema';
import { tempDir } from '../../support/temp-dir';

/** Every row of every table, in stored order, as one digest per table. */
function tableDigests(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      LEGACY_TABLES.map((t) => {
        const hash = createHash('sha256');
        for (const row of db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).raw(true).iterate() as IterableIterator<unknown[]>) hash.update(JSON.stringify(row));
        return [t.name, hash.digest('hex')];
      }),
    );
  } finally {
    db.close();
  }
}

describe('generateLegacySchool', () => {
  const tmp = tempDir('apstudio-demo-gen-');
  const file = join(tmp.path, 'school.sqlite');
  const progress: [number, number][] = [];
  let manifest: DemoManifest;
  let db: Database.Database;

  beforeAll(async () => {
    manifest = await generateLegacySchool({ file, onProgress: (done, total) => progress.push([done, total]) });
    db = new Database(file, { readonly: true });
  });

  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  it('writes the manifest beside the file and returns the same', () => {
    expect(JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'))).toEqual(manifest);
    expect(manifest).toMatchObject({ seed: 42, pupils: 2000, schoolCode: DEMO_SCHOOL_CODE });
    expect(readdirSync(tmp.path).sort()).toEqual(['school.sqlite', 'school.sqlite.manifest.json']);
  });

  it('lists every table with the rows it really has', () => {
    expect(manifest.tables.map((t) => t.name)).toEqual(LEGACY_TABLES.map((t) => t.name));
    for (const t of manifest.tables) expect((db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n, t.name).toBe(t.rows);
  });

  it('looks like an old school system: UPPER_SNAKE names, mostly text, no declared foreign keys, one school', () => {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables.sort()).toEqual(LEGACY_TABLES.map((t) => t.name).sort());
    let textColumns = 0;
    let allColumns = 0;
    for (const name of tables) {
      expect(name).toMatch(/^[A-Z][A-Z_]*$/);
      expect(db.prepare(`PRAGMA foreign_key_list("${name}")`).all(), name).toEqual([]);
      const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string }[];
      for (const c of cols) expect(c.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      allColumns += cols.length;
      textColumns += cols.filter((c) => c.type === 'TEXT').length;
    }
    expect(textColumns / allColumns).toBeGreaterThan(0.8);
    expect(db.prepare('SELECT SCHOOL_CODE, SCHOOL_NAME FROM SCHOOL_INFO').all()).toEqual([{ SCHOOL_CODE: 'NPS-4021', SCHOOL_NAME: 'Northgate Park School' }]);
    expect(db.prepare("SELECT typeof(PUPIL_NO) AS t, PUPIL_NO FROM PUPILS ORDER BY rowid LIMIT 1").get()).toEqual({ t: 'text', PUPIL_NO: '000001' });
  });

  it('has realistic volumes for its size', () => {
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    expect(rows.PUPILS).toBe(2000);
    expect(rows.SCHOOL_INFO).toBe(1);
    expect(rows.STAFF).toBe(Math.round(2000 / 15));
    expect(rows.CONTACTS / rows.PUPILS).toBeGreaterThan(1.35);
    expect(rows.CONTACTS / rows.PUPILS).toBeLessThan(1.65);
    const current = (db.prepare("SELECT count(*) AS n FROM PUPILS WHERE STATUS = 'C'").get() as { n: number }).n;
    expect(rows.ATTENDANCE).toBe(current * 20);
    expect((db.prepare('SELECT count(DISTINCT ATT_DATE) AS n FROM ATTENDANCE').get() as { n: number }).n).toBe(20);
    expect(rows.CLASS_ENROL / rows.PUPILS).toBeGreaterThan(2);
    expect(rows.MARKS / rows.PUPILS).toBeGreaterThan(2.5);
    expect(rows.INVOICES / rows.PUPILS).toBeGreaterThan(1.5);
    expect(rows.PAYMENTS).toBeGreaterThan(rows.INVOICES * 0.8);
    const years = (db.prepare('SELECT DISTINCT YEAR_GROUP AS y FROM PUPILS').all() as { y: string }[]).map((r) => r.y).sort();
    expect(years).toEqual([...YEAR_GROUPS].sort());
  });

  it('names people from several traditions: accented, Hebrew and Arabic (right to left)', () => {
    const names = (db.prepare('SELECT FORENAME || SURNAME AS n FROM PUPILS UNION ALL SELECT FORENAME || SURNAME FROM CONTACTS').all() as { n: string }[]).map((r) => r.n);
    expect(names.some((n) => /[\u0590-\u05ff]/.test(n))).toBe(true);
    expect(names.some((n) => /[\u0600-\u06ff]/.test(n))).toBe(true);
    expect(names.some((n) => /[éñçüøó]/.test(n))).toBe(true);
  });

  it('reports progress by committed chunk, ending at the total', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual([2000, 2000]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThan(progress[i - 1][0]);
  });

  it('is deterministic: the same seed and size give the same bytes, another seed another school', async () => {
    const again = join(tmp.path, 'again.sqlite');
    const other = join(tmp.path, 'other.sqlite');
    const againManifest = await generateLegacySchool({ file: again });
    const otherManifest = await generateLegacySchool({ file: other, seed: 43 });
    expect(againManifest).toEqual(manifest);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
    expect(tableDigests(again)).toEqual(tableDigests(file));

    const otherDigests = tableDigests(other);
    const sameDigests = tableDigests(file);
    expect(otherDigests.PUPILS).not.toBe(sameDigests.PUPILS);
    expect(otherDigests.CONTACTS).not.toBe(sameDigests.CONTACTS);
    expect(otherDigests.SCHOOL_INFO).toBe(sameDigests.SCHOOL_INFO);
    expect(otherManifest.schoolCode).toBe(manifest.schoolCode);
    expect(otherManifest.planted.map((p) => p.count)).not.toEqual(manifest.planted.map((p) => p.count));
  });

  it('refuses to overwrite an existing file unless asked, and leaves no partial file behind', async () => {
    const taken = join(tmp.path, 'taken.sqlite');
    writeFileSync(taken, 'precious');
    await expect(generateLegacySchool({ file: taken, pupils: 10 })).rejects.toMatchObject({ code: 'FILE_EXISTS', where: { file: taken } });
    expect(readFileSync(taken, 'utf8')).toBe('precious');
    const m = await generateLegacySchool({ file: taken, pupils: 10, overwrite: true });
    expect(m.tables.find((t) => t.name === 'PUPILS')?.rows).toBe(10);
    expect(existsSync(`${taken}.partial`)).toBe(false);
  });

  it('refuses sizes and seeds it cannot use', async () => {
    for (const pupils of [0, -5, 1.5, Number.NaN]) await expect(generateLegacySchool({ file: join(tmp.path, `bad-${pupils}.sqlite`), pupils })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(generateLegacySchool({ file: join(tmp.path, 'bad-seed.sqlite'), seed: 0.5 })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(generateLegacySchool({ file: join(tmp.path, 'no-such-folder', 'x.sqlite'), pupils: 5 })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('makes a school of any size, even a single pupil', async () => {
    const tiny = await generateLegacySchool({ file: join(tmp.path, 'tiny.sqlite'), pupils: 1, seed: 3 });
    expect(tiny.tables.find((t) => t.name === 'PUPILS')?.rows).toBe(1);
    expect(tiny.planted.find((p) => p.code === 'DUPLICATE_PERSON')?.count).toBe(0);
  });

  it('scales: 20,000 pupils stream out quickly with exact table counts', async () => {
    const big = join(tmp.path, 'big.sqlite');
    const started = performance.now();
    const m = await generateLegacySchool({ file: big, pupils: 20_000, seed: 5 });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(30);
    const bigDb = new Database(big, { readonly: true });
    try {
      for (const t of m.tables) expect((bigDb.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n, t.name).toBe(t.rows);
      expect(m.tables.find((t) => t.name === 'ATTENDANCE')!.rows).toBeGreaterThan(20_000 * 17);
      const orphans = m.planted.find((p) => p.code === 'ORPHAN_REFERENCE')!.count;
      expect((bigDb.prepare('SELECT count(*) AS n FROM CLASS_ENROL e WHERE NOT EXISTS (SELECT 1 FROM PUPILS p WHERE p.PUPIL_NO = e.PUPIL_NO)').get() as { n: number }).n).toBe(orphans);
      const duplicates = m.planted.find((p) => p.code === 'DUPLICATE_PERSON')!.count;
      expect(duplicates).toBeGreaterThan(150);
      expect((bigDb.prepare('SELECT count(*) AS n FROM PUPILS').get() as { n: number }).n).toBe(20_000);
    } finally {
      bigDb.close();
    }
  });
});
