import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoMappings, SEX_CROSSWALK } from '../../../src/main/engine/demo/demo-mappings';
import { adoptFixIntoMapping } from '../../../src/main/engine/mapping/adopt-fix';
import { mapRow } from '../../../src/main/engine/mapping/map-row';
import { CrosswalksRepo } from '../../../src/main/engine/project/crosswalks-repo';
import { MappingsRepo } from '../../../src/main/engine/project/mappings-repo';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { APPLICATION_ID, openProjectFile } from '../../../src/main/engine/project/project-file';
import { Project } from '../../../src/main/engine/project/project';
import type { Finding } from '../../../src/shared/model/assessment';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { tempDir } from '../../support/temp-dir';

const AT = '2025-03-21T00:00:00.000Z';

/** The demo's mappings plus one whose crosswalk has the same table as another field's, as a version 4 studio stored them. */
function storedMappings(): EntityMapping[] {
  const demo = demoMappings('c1', 'GF', AT);
  const [school, students, guardians] = ['schools', 'students', 'guardians'].map((e) => demo.find((m) => m.entity === e)!);
  const again: EntityMapping = { ...students, id: 'm-withdrawals', entity: 'withdrawals', fields: [{ field: 'sex', column: 'SEX', transforms: [{ kind: 'crosswalk', table: { ...SEX_CROSSWALK }, fallback: 'null' }] }] };
  return [school, students, guardians, again];
}

function writeVersion4Project(file: string, mappings: EntityMapping[]): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const m of MIGRATIONS.filter((m) => m.version <= 4)) m.up(db);
  db.pragma('user_version = 4');
  db.prepare("INSERT INTO connections (id, name, kind, location, config_json, created_at) VALUES ('c1', 'Legacy', 'sqlite', 'x', '{}', ?)").run(AT);
  const insert = db.prepare('INSERT INTO mappings (id, entity, connection_id, stream, spec_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const m of mappings) insert.run(m.id, m.entity, m.connectionId, m.stream, JSON.stringify(m), m.updatedAt);
  insert.run('m-broken', 'broken', 'c1', 'X', '{not json', AT);
  db.close();
}

/** Rows that exercise every crosswalk of the demo: exact, loose, numeric, blank and unknown codes. */
const ROWS: Record<string, unknown>[] = ['M', 'f', ' m ', '1', '', null, 'X'].flatMap((sex, i) =>
  ['N', 'R', 'Y7', ' y13', 'Y14', null].map((year, j) => ({
    PUPIL_NO: `P${i}${j}`,
    SURNAME: 'SMITH',
    FORENAME: 'Zoë',
    DOB: '03/04/2012',
    SEX: sex,
    YEAR_GROUP: year,
    STATUS: ['C', 'L', 'P', null][j % 4],
    ADMISSION_DATE: '2020-09-01',
    HOME_LANG: ['ENG', 'URD', 'n/a', ''][i % 4],
    ALLERGIES: 'Peanuts, Eggs',
    RELATIONSHIP: ['MUM', 'DAD', 'x', null][j % 4],
    CONTACT_NO: `C${i}${j}`,
  })),
);

describe('project file migration 6 (named crosswalks)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('comes after the earlier ones', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS[5]).toMatchObject({ version: 6, description: expect.stringMatching(/crosswalk/) });
  });

  it('moves every inline crosswalk into a named one, and the mappings map every row exactly as before', async () => {
    const before = storedMappings();
    const file = join(dir.path, 'old.apstudio');
    writeVersion4Project(file, before);
    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      const project = new Project(opened);

      // Stored: names only, one crosswalk per distinct table, named after the first field that used it.
      const specs = (opened.db.prepare("SELECT spec_json FROM mappings WHERE id != 'm-broken'").pluck().all() as string[]).map((s) => JSON.parse(s) as EntityMapping);
      const storedCrosswalks = specs.flatMap((m) => m.fields.flatMap((f) => f.transforms.filter((t) => t.kind === 'crosswalk')));
      expect(storedCrosswalks.length).toBeGreaterThanOrEqual(6);
      for (const t of storedCrosswalks) {
        expect(t).not.toHaveProperty('table');
        expect(t).toHaveProperty('crosswalk');
      }
      const crosswalks = await new CrosswalksRepo(project).list();
      expect(crosswalks.map((c) => c.name)).toEqual(['guardians.relationship', 'students.enrollmentStatus', 'students.gender', 'students.gradeLevel', 'students.homeLanguage']);
      expect(crosswalks.find((c) => c.name === 'students.gender')).toEqual({ name: 'students.gender', table: SEX_CROSSWALK, description: 'Moved out of the PUPILS → students mapping (gender).', updatedAt: AT });
      // The withdrawals' identical SEX table is the same crosswalk, with its own fallback.
      const withdrawals = specs.find((m) => m.id === 'm-withdrawals')!;
      expect(withdrawals.fields[0].transforms).toEqual([{ kind: 'crosswalk', crosswalk: 'students.gender', fallback: 'null' }]);
      // A spec the migration cannot read is left alone.
      expect(opened.db.prepare("SELECT spec_json FROM mappings WHERE id = 'm-broken'").pluck().get()).toBe('{not json');

      // Read back: every mapping carries its tables again and maps every row identically.
      const repo = new MappingsRepo(project);
      for (const old of before) {
        const now = await repo.get(old.id);
        for (const row of ROWS) expect(mapRow(now, row), `${old.id} ${JSON.stringify(row)}`).toEqual(mapRow(old, row));
      }
      const gender = (await repo.get(before[1].id)).fields.find((f) => f.field === 'gender')!;
      expect(gender.transforms).toEqual([{ kind: 'crosswalk', crosswalk: 'students.gender', table: SEX_CROSSWALK, fallback: 'reject' }]);
    } finally {
      opened.close();
    }
    // Opening again applies nothing twice.
    const again = openProjectFile(file, 'test');
    expect(again.db.prepare('SELECT count(*) FROM crosswalks').pluck().get()).toBe(5);
    again.close();
  });

  it('saves a named crosswalk by name, keeps inline tables inline, and an adopted fix adds only the codes the crosswalk lacks', async () => {
    const file = join(dir.path, 'old.apstudio');
    writeVersion4Project(file, storedMappings());
    const opened = openProjectFile(file, 'test');
    try {
      const project = new Project(opened);
      const repo = new MappingsRepo(project);
      const students = await repo.get('demo-GF-students');
      await repo.save(students);
      expect(await repo.get('demo-GF-students')).toEqual(students);
      expect(opened.db.prepare("SELECT spec_json FROM mappings WHERE id = 'demo-GF-students'").pluck().get()).not.toContain('"male"');

      // Adopting a code fix into the named crosswalk: the mapping's entries win, new codes join the shared table.
      const finding: Finding = {
        code: 'UNMAPPED_CODE',
        severity: 'warning',
        table: 'PUPILS',
        column: 'SEX',
        count: 3,
        message: 'm',
        examples: [],
        fix: { kind: 'crosswalk', description: 'd', transforms: [{ kind: 'crosswalk', table: { M: 'female', U: 'unknown' }, fallback: 'reject' }] },
      };
      const adopted = adoptFixIntoMapping(students, finding, '2026-01-01T00:00:00.000Z');
      expect(adopted.changed).toBe(true);
      await repo.save(adopted.mapping);
      const table = (await new CrosswalksRepo(project).get('students.gender')).table;
      expect(table).toEqual({ ...SEX_CROSSWALK, U: 'unknown' });
      // The withdrawals share it, so they see the new code too.
      expect(mapRow(await repo.get('m-withdrawals'), { PUPIL_NO: '1', SEX: 'u' }).record.sex).toBe('unknown');
      // Adopting it again finds the codes already there.
      expect(adoptFixIntoMapping(await repo.get('demo-GF-students'), finding, '2026-01-02T00:00:00.000Z').changed).toBe(false);

      // An inline table (as the demo and adopted placeholder fixes write them) stays inline.
      const inline: EntityMapping = { ...students, id: 'm-inline', fields: [{ field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', table: { Q: 'x' } }] }] };
      await repo.save(inline);
      expect(await repo.get('m-inline')).toEqual(inline);

      // A name the project does not have is kept, and mapping says which one is missing.
      const dangling: EntityMapping = { ...inline, id: 'm-dangling', fields: [{ field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', crosswalk: 'nope' }] }] };
      await repo.save(dangling);
      expect(mapRow(await repo.get('m-dangling'), { PUPIL_NO: '1', SEX: 'M' }).errors).toEqual([{ field: 'gender', column: 'SEX', message: 'The project has no crosswalk named "nope".' }]);
      await expect(new CrosswalksRepo(project).get('nope')).rejects.toMatchObject({ code: 'CROSSWALK_NOT_FOUND' });
    } finally {
      opened.close();
    }
  });

  it('refuses a crosswalk without a name or with a code that does not become text', async () => {
    const file = join(dir.path, 'new.apstudio');
    writeVersion4Project(file, []);
    const opened = openProjectFile(file, 'test');
    try {
      const repo = new CrosswalksRepo(new Project(opened));
      await expect(repo.put({ name: ' ', table: {}, description: '', updatedAt: AT })).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
      await expect(repo.put({ name: 'x', table: { M: 1 as unknown as string }, description: '', updatedAt: AT })).rejects.toMatchObject({ code: 'MAPPING_INVALID', message: expect.stringContaining('"M"') });
      await repo.put({ name: 'x', table: { M: 'male' }, description: 'd', updatedAt: AT });
      await repo.put({ name: 'x', table: { F: 'female' }, description: 'd2', updatedAt: AT });
      expect(await repo.list()).toEqual([{ name: 'x', table: { F: 'female' }, description: 'd2', updatedAt: AT }]);
    } finally {
      opened.close();
    }
  });
});
