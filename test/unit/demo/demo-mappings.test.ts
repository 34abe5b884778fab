import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STREAMS, demoMappings } from '../../../src/main/engine/demo/demo-mappings';
import { generateLegacySchool, type DemoManifest } from '../../../src/main/engine/demo/generate-legacy-school';
import { isMojibake, toMojibake } from '../../../src/main/engine/values/cp1252';
import { mapRow, type MappedRow } from '../../../src/main/engine/mapping/map-row';
import { loadTargetContract } from '../../../src/academia-api/contract';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { tempDir } from '../../support/temp-dir';
import { UNUSABLE_DOB } from './legacy-sql';

type Row = Record<string, unknown>;

describe('the demo mappings on the generated school', () => {
  const tmp = tempDir('apstudio-demo-map-');
  const file = join(tmp.path, 'school.sqlite');
  const contract = loadTargetContract('v1');
  let manifest: DemoManifest;
  let db: Database.Database;
  let mappings: EntityMapping[];

  /** Maps and validates every row of a mapping's stream the way a run does. */
  const outcome = (entity: string) => {
    const mapping = mappings.find((m) => m.entity === entity)!;
    const rows = db.prepare(`SELECT * FROM "${mapping.stream}" ORDER BY rowid`).all() as Row[];
    const results = rows.map((row) => {
      const mapped = mapRow(mapping, row);
      const problems = mapped.skipped ? [] : mapped.errors.length ? mapped.errors.map((e) => ({ field: e.field, code: 'transform' })) : contract.validate(entity, mapped.record);
      return { row, mapped, problems };
    });
    return {
      results,
      accepted: results.filter((r) => !r.mapped.skipped && r.problems.length === 0),
      rejected: results.filter((r) => !r.mapped.skipped && r.problems.length > 0),
      skipped: results.filter((r) => r.mapped.skipped),
    };
  };
  const ids = (rs: { mapped: MappedRow }[]) => rs.map((r) => r.mapped.externalId).sort();
  const column = (sql: string) => (db.prepare(sql).all() as Record<string, string | number>[]).map((r) => String(Object.values(r)[0])).sort();

  beforeAll(async () => {
    manifest = await generateLegacySchool({ file });
    db = new Database(file, { readonly: true });
    mappings = demoMappings('conn-1', manifest.schoolCode);
  });

  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  it('maps the entities from the streams it names, only onto fields the target has', () => {
    expect(mappings.map((m) => [m.entity, m.stream])).toEqual(Object.entries(DEMO_STREAMS));
    expect(new Set(mappings.map((m) => m.id)).size).toBe(mappings.length);
    // Every entity of the contract but timetable periods (the legacy school kept no timetable).
    expect(mappings.map((m) => m.entity).sort()).toEqual(contract.entities.map((e) => e.name).filter((e) => e !== 'timetable-periods').sort());
    for (const m of mappings) {
      expect(m.connectionId).toBe('conn-1');
      const known = contract.entity(m.entity).fields.map((f) => f.name);
      for (const f of m.fields) expect(known, `${m.entity}.${f.field}`).toContain(f.field);
      expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    }
  });

  it('makes the one school, keyed by the school code the target uses as schoolId', () => {
    const { accepted, rejected } = outcome('schools');
    expect(rejected).toEqual([]);
    expect(accepted.map((r) => r.mapped.record)).toEqual([
      { externalId: 'NPS-4021', name: 'Northgate Park School', code: '873/6021', phone: '01632 960 412', address: '1 Northgate Park Road, Northgate, Northbridge, NB1 4PS', timezone: 'Europe/London' },
    ]);
  });

  it('maps nearly every pupil cleanly; rejects exactly the unrepairable birth dates; skips applicants', () => {
    const { accepted, rejected, skipped, results } = outcome('students');
    expect(ids(skipped)).toEqual(column("SELECT PUPIL_NO FROM PUPILS WHERE STATUS = 'P'"));
    const badDob = column(`SELECT PUPIL_NO FROM PUPILS WHERE STATUS <> 'P' AND ${UNUSABLE_DOB}`);
    const planted = ['MISSING_VALUE', 'SENTINEL_DATE', 'IMPOSSIBLE_DATE'].map((code) => manifest.planted.find((x) => x.code === code && x.column === 'DOB')!.count);
    expect(column(`SELECT PUPIL_NO FROM PUPILS WHERE ${UNUSABLE_DOB}`)).toHaveLength(planted.reduce((a, b) => a + b, 0));
    expect(badDob.length).toBeGreaterThan(30);
    expect(ids(rejected)).toEqual(badDob);
    for (const r of rejected) expect(r.problems.map((p) => p.field)).toEqual(['birthDate']);
    expect(accepted.length / results.length).toBeGreaterThan(0.93);
  });

  it('repairs names, codes and dates on the way', () => {
    const { accepted } = outcome('students');
    const byId = new Map(accepted.map((r) => [r.mapped.externalId, r]));
    for (const { mapped } of accepted) {
      const rec = mapped.record as Record<string, string>;
      expect(isMojibake(rec.firstName) || isMojibake(rec.lastName)).toBe(false);
      expect(rec.firstName).toBe(rec.firstName.trim());
      expect(rec.lastName).not.toMatch(/^[A-Z\s'-]{3,}$/);
    }
    const repaired = accepted.filter((r) => isMojibake(String(r.row.SURNAME)) && !/^[^a-z]*$/.test(String(r.row.SURNAME)));
    expect(repaired.length).toBeGreaterThan(10);
    for (const r of repaired) expect(toMojibake(String(r.mapped.record.lastName))).toBe(String(r.row.SURNAME).trim());
    const shouting = accepted.filter((r) => /^[A-Z]{3,}$/.test(String(r.row.SURNAME).trim()));
    expect(shouting.length).toBeGreaterThan(10);
    for (const r of shouting) {
      const lastName = String(r.mapped.record.lastName);
      expect(lastName.toUpperCase()).toBe(String(r.row.SURNAME).trim());
      expect(lastName).toMatch(/^[A-Z][a-z]+(?:[A-Z][a-z]+)?$/);
    }

    const sample = (sql: string) => db.prepare(sql).get() as Row;
    const ambiguous = sample("SELECT * FROM PUPILS WHERE STATUS = 'C' AND DOB GLOB '0[1-9]/0[1-9]/[0-9][0-9][0-9][0-9]' AND substr(DOB,1,2) <> substr(DOB,4,2) LIMIT 1");
    const dob = String(ambiguous.DOB);
    expect(byId.get(String(ambiguous.PUPIL_NO))!.mapped.record.birthDate).toBe(`${dob.slice(6)}-${dob.slice(3, 5)}-${dob.slice(0, 2)}`);
    const monthFirst = sample("SELECT * FROM PUPILS WHERE STATUS = 'C' AND DOB GLOB '[01][0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9]' AND CAST(substr(DOB,4,2) AS INTEGER) > 12 LIMIT 1");
    const md = String(monthFirst.DOB);
    expect(byId.get(String(monthFirst.PUPIL_NO))!.mapped.record.birthDate).toBe(`${md.slice(6)}-${md.slice(0, 2)}-${md.slice(3, 5)}`);
    const twoDigit = sample("SELECT * FROM PUPILS WHERE STATUS = 'C' AND DOB GLOB '[0-9][0-9]/[0-9][0-9]/[0-9][0-9]' LIMIT 1");
    expect(String(byId.get(String(twoDigit.PUPIL_NO))!.mapped.record.birthDate)).toMatch(/^20\d\d-/);

    const codes = db.prepare("SELECT PUPIL_NO, SEX, YEAR_GROUP FROM PUPILS WHERE STATUS = 'C'").all() as { PUPIL_NO: string; SEX: string; YEAR_GROUP: string }[];
    const expectedGender: Record<string, string> = { M: 'male', m: 'male', '1': 'male', F: 'female', f: 'female', '2': 'female', '': 'unknown' };
    for (const c of codes) {
      const rec = byId.get(c.PUPIL_NO)?.mapped.record;
      if (!rec) continue;
      expect(rec.gender).toBe(expectedGender[c.SEX]);
      expect(rec.gradeLevel).toBe(c.YEAR_GROUP === 'N' ? 'PK' : c.YEAR_GROUP === 'R' ? 'KG' : c.YEAR_GROUP.slice(1).padStart(2, '0'));
      expect(rec.externalId).toBe(c.PUPIL_NO);
    }
    const packed = accepted.find((r) => String(r.row.ALLERGIES).includes(','))!;
    expect(packed.mapped.record.allergies).toEqual(String(packed.row.ALLERGIES).split(',').map((s) => s.trim()));
  });

  it('maps guardians; rejects exactly the contacts without a first name or with an unusable e-mail', () => {
    const { accepted, rejected } = outcome('guardians');
    const expected = column("SELECT CONTACT_ID FROM CONTACTS WHERE trim(FORENAME) = '' OR (trim(EMAIL) <> '' AND (trim(EMAIL) NOT LIKE '%_@_%._%' OR EMAIL LIKE '%@%@%' OR trim(EMAIL) LIKE '% %'))");
    expect(ids(rejected)).toEqual(expected);
    for (const r of rejected) for (const p of r.problems) expect(['firstName', 'email']).toContain(p.field);
    expect(accepted.every((r) => ['mother', 'father', 'guardian', 'grandparent', 'other'].includes(String(r.mapped.record.relationship)))).toBe(true);
    const untrimmed = accepted.find((r) => String(r.row.EMAIL) !== String(r.row.EMAIL).trim())!;
    expect(untrimmed.mapped.record.email).toBe(String(untrimmed.row.EMAIL).trim());
    expect(accepted[0].mapped.record.address).toMatch(/^\d+ .+, .+, [A-Z]{2}\d \d[A-Z]{2}$/);
  });
});
