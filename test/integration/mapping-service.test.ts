import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { EntityMappingInput } from '../../src/shared/model/mapping-api';
import { tempDir } from '../support/temp-dir';

/** A small legacy school: pupils keyed by number, families keyed by a TEXT id (a type trap), contacts. */
function writeLegacy(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, FORENAME TEXT, SURNAME TEXT, DOB TEXT, SEX TEXT, YEAR_GROUP TEXT, STATUS TEXT, FAMILY_ID INTEGER, EMAIL TEXT);
    CREATE TABLE FAMILIES (FAMILY_REF TEXT PRIMARY KEY, FAMILY_NO INTEGER, CONSENT TEXT);
    CREATE TABLE CONTACTS (CONTACT_ID INTEGER PRIMARY KEY, FAMILY_ID INTEGER, FORENAME TEXT, SURNAME TEXT);
    CREATE TABLE SCHOOL (CODE TEXT PRIMARY KEY, NAME TEXT);
    INSERT INTO SCHOOL VALUES ('DEMO', 'Hillside Primary');
  `);
  const pupil = db.prepare('INSERT INTO PUPILS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  pupil.run(1, 'Amelia', 'Hughes', '2012-03-04', 'F', '07', 'C', 10, 'amelia.hughes@example.org');
  pupil.run(2, 'Oliver', 'Khan', 'not a date', 'M', '07', 'C', 10, null);
  pupil.run(3, 'Isla', 'Novak', '2011-09-30', 'F', '08', 'L', 11, null);
  pupil.run(4, 'Noah', 'Evans', '2011-01-15', 'M', '08', 'C', 12, null);
  const family = db.prepare('INSERT INTO FAMILIES VALUES (?, ?, ?)');
  family.run('10', 10, 'Y');
  family.run('11', 11, 'N');
  family.run('12', 12, 'Y');
  const contact = db.prepare('INSERT INTO CONTACTS VALUES (?, ?, ?, ?)');
  contact.run(100, 10, 'Sarah', 'Hughes');
  contact.run(101, 10, 'Imran', 'Khan');
  contact.run(102, 11, 'Petra', 'Novak');
  db.close();
}

const students = (connectionId: string, extra: Partial<EntityMappingInput> = {}): EntityMappingInput => ({
  entity: 'students',
  connectionId,
  stream: 'PUPILS',
  keyColumns: ['PUPIL_NO'],
  fields: [
    { field: 'firstName', column: 'FORENAME', transforms: [{ kind: 'trim' }] },
    { field: 'lastName', column: 'SURNAME', transforms: [] },
    { field: 'birthDate', column: 'DOB', transforms: [{ kind: 'parseDate', formats: ['yyyy-MM-dd'] }] },
    { field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', table: { M: 'male', F: 'female' }, fallback: 'null' }] },
    { field: 'gradeLevel', column: 'YEAR_GROUP', transforms: [] },
    { field: 'email', column: 'EMAIL', transforms: [] },
    { field: 'enrollmentStatus', column: 'STATUS', transforms: [{ kind: 'crosswalk', table: { C: 'active' }, fallback: 'null' }] },
  ],
  ...extra,
});

describe('mappings service: the mapping plan API', () => {
  const dir = tempDir();
  let engine: Engine;
  let connectionId: string;

  beforeAll(async () => {
    const legacy = join(dir.path, 'legacy.sqlite');
    writeLegacy(legacy);
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Mapping API' });
    ({ id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacy}` }));
    await engine.api.connections.discover({ id: connectionId });
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('creates, updates, lists, gets and deletes, keeping every version with who, what and when', async () => {
    const created = await engine.api.mappings.create({ mapping: students(connectionId) });
    expect(created.id).toBe('students-PUPILS');
    expect(await engine.api.mappings.get({ id: created.id })).toEqual(created);
    const changed = students(connectionId);
    changed.fields = changed.fields.filter((f) => f.field !== 'email');
    changed.fields.push({ field: 'middleName', column: 'FORENAME', transforms: [] });
    await engine.api.mappings.update({ id: created.id, mapping: changed });
    // Saving the same spec again is no new version.
    await engine.api.mappings.update({ id: created.id, mapping: changed });
    const { versions } = await engine.api.mappings.history({ id: created.id });
    expect(versions.map((v) => [v.version, v.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
    ]);
    expect(versions[1].change).toMatch(/fields added: middleName; fields removed: email/);
    expect(versions[1].actor).toMatch(/.+@.+/);
    expect(versions[0].hash).not.toBe(versions[1].hash);
    expect((await engine.api.mappings.list()).map((m) => m.id)).toContain(created.id);

    await engine.api.mappings.delete({ id: created.id });
    await expect(engine.api.mappings.get({ id: created.id })).rejects.toMatchObject({ code: 'MAPPING_NOT_FOUND' });
    expect((await engine.api.mappings.history({ id: created.id })).versions.at(-1)).toMatchObject({ version: 3, action: 'delete' });
    const audit = await engine.api.audit.list({ object: `mapping:${created.id}` });
    expect(audit.map((a) => a.action).sort()).toEqual(['mapping.create', 'mapping.delete', 'mapping.update']);
  });

  it('refuses a mapping of an unknown connection or entity, and a taken id', async () => {
    await expect(engine.api.mappings.create({ mapping: students('nope') })).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
    await expect(engine.api.mappings.create({ mapping: { ...students(connectionId), entity: 'pupils' } })).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
    await engine.api.mappings.create({ mapping: { ...students(connectionId), id: 'taken' } });
    await expect(engine.api.mappings.create({ mapping: { ...students(connectionId), id: 'taken' } })).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
  });

  it('signs a version off with the OS account, the display name, the time and its hash; an edit voids it', async () => {
    await engine.api.settings.update({ displayName: 'Jane Doe, data manager' });
    const m = await engine.api.mappings.create({ mapping: { ...students(connectionId), id: 'signed' } });
    const signed = await engine.api.mappings.signOff({ id: m.id });
    const { versions } = await engine.api.mappings.history({ id: m.id });
    expect(signed).toMatchObject({ version: 1, hash: versions[0].hash, displayName: 'Jane Doe, data manager', valid: true, currentVersion: 1 });
    expect(signed.account).toMatch(/.+@.+/);
    await engine.api.mappings.update({ id: m.id, mapping: { ...students(connectionId), keyColumns: ['PUPIL_NO', 'FORENAME'] } });
    expect((await engine.api.mappings.history({ id: m.id })).signOff).toMatchObject({ version: 1, valid: false, currentVersion: 2 });
    expect((await engine.api.audit.list({ action: 'mapping.sign-off' }))[0].summary).toContain(signed.hash.slice(0, 16));
  });

  it('validates before anything runs: missing column, unmapped reference, mismatched join types, each with its place', async () => {
    const clean = await engine.api.mappings.validate({ mapping: students(connectionId) });
    expect(clean.remarks.filter((r) => r.level === 'error')).toEqual([]);
    expect(clean.ok).toBe(true);

    const missing = students(connectionId);
    missing.fields.push({ field: 'preferredName', column: 'PREF_NAME', transforms: [] });
    const a = await engine.api.mappings.validate({ mapping: missing });
    expect(a.ok).toBe(false);
    expect(a.remarks).toContainEqual(expect.objectContaining({ level: 'error', stage: 'map', place: 'field preferredName' }));

    const link: EntityMappingInput = {
      entity: 'student-guardians',
      connectionId,
      stream: 'CONTACTS',
      keyColumns: ['CONTACT_ID'],
      fields: [
        { field: 'studentExternalId', column: 'FAMILY_ID', transforms: [] },
        { field: 'guardianExternalId', column: 'CONTACT_ID', transforms: [] },
      ],
    };
    const b = await engine.api.mappings.validate({ mapping: link });
    // `taken` and `signed` map students; nothing maps guardians.
    expect(b.remarks).toContainEqual(expect.objectContaining({ level: 'error', place: 'field guardianExternalId', message: expect.stringMatching(/no mapping feeds guardians/) }));
    expect(b.remarks.some((r) => r.place === 'field studentExternalId')).toBe(false);

    const joined = students(connectionId, { joins: [{ as: 'family', stream: 'FAMILIES', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_REF' }] }] });
    const c = await engine.api.mappings.validate({ mapping: joined });
    expect(c.remarks).toContainEqual(expect.objectContaining({ level: 'error', stage: 'join', place: 'join family on FAMILY_ID = FAMILY_REF', message: expect.stringMatching(/integer.*string/) }));
    const fixed = students(connectionId, { joins: [{ as: 'family', stream: 'FAMILIES', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_NO' }] }], filters: [{ column: 'family.CONSENT', op: 'notEquals', values: ['N'], label: 'consent withheld' }] });
    expect((await engine.api.mappings.validate({ mapping: fixed })).ok).toBe(true);
  });

  it('describes the output from the contract alone: types, and whether every required field is fed', async () => {
    const full = await engine.api.mappings.describeOutput({ mapping: students(connectionId) });
    expect(full.complete).toBe(true);
    expect(full.fields.find((f) => f.field === 'birthDate')).toMatchObject({ type: 'string', format: 'date', required: true, personal: true, fedBy: { columns: ['DOB'], transforms: ['parseDate'] } });
    expect(full.fields.find((f) => f.field === 'externalId')?.fedBy).toEqual({ columns: ['PUPIL_NO'], transforms: [] });
    const partial = students(connectionId);
    partial.fields = partial.fields.filter((f) => f.field !== 'gradeLevel' && f.field !== 'gender');
    const d = await engine.api.mappings.describeOutput({ mapping: partial });
    expect(d.complete).toBe(false);
    expect(d.requiredUnfed.sort()).toEqual(['gender', 'gradeLevel']);
  });

  it('previews rows through the real stages with outcomes, reasons and masked personal data', async () => {
    const p = await engine.api.mappings.preview({ mapping: students(connectionId), limit: 10 });
    expect(p.masked).toBe(true);
    expect(p.rows.map((r) => [r.sourceRow, r.outcome])).toEqual([
      [1, 'valid'],
      [2, 'rejected'],
      [3, 'warnings'],
      [4, 'valid'],
    ]);
    const [amelia, oliver, isla] = p.rows;
    expect(amelia.fields.firstName).toBe('A•••••');
    expect(amelia.fields.email).toBe('a•••@example.org');
    expect(amelia.fields.gradeLevel).toBe('07');
    expect(JSON.stringify(p)).not.toContain('Amelia');
    expect(oliver.reasons).toContainEqual(expect.objectContaining({ stage: 'transform', field: 'birthDate' }));
    // Isla's STATUS "L" maps to nothing: the record passes, with a warning on the field.
    expect(isla.warnings).toEqual([{ field: 'enrollmentStatus', message: expect.stringMatching(/STATUS mapped to nothing/) }]);

    await engine.api.settings.update({ maskPersonalData: false });
    const revealed = await engine.api.mappings.preview({ mapping: students(connectionId), limit: 1 });
    expect(revealed.rows).toHaveLength(1);
    expect(revealed.rows[0].fields.firstName).toBe('Amelia');
    await engine.api.settings.update({ maskPersonalData: true });
  });

  it('previews a plan with a join, a counted filter and a fan-out', async () => {
    const plan = students(connectionId, {
      joins: [{ as: 'family', stream: 'FAMILIES', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_NO' }], kind: 'left' }],
      filters: [
        { column: 'STATUS', op: 'equals', values: ['C'], label: 'current pupils only' },
        { column: 'family.CONSENT', op: 'notEquals', values: ['N'], label: 'consent withheld' },
      ],
    });
    const p = await engine.api.mappings.preview({ mapping: plan, limit: 10 });
    expect(p.rows.map((r) => r.sourceRow)).toEqual([1, 2, 4]);
    expect(p.skipped).toBe(1);

    const links: EntityMappingInput = {
      entity: 'student-guardians',
      connectionId,
      stream: 'PUPILS',
      keyColumns: ['PUPIL_NO', 'contact.CONTACT_ID'],
      joins: [{ as: 'contact', stream: 'CONTACTS', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_ID' }], kind: 'inner', match: 'many' }],
      fields: [
        { field: 'studentExternalId', column: 'PUPIL_NO', transforms: [] },
        { field: 'guardianExternalId', column: 'contact.CONTACT_ID', transforms: [] },
      ],
    };
    const l = await engine.api.mappings.preview({ mapping: links, limit: 10 });
    expect(l.rows.map((r) => r.externalId)).toEqual(['1-100', '1-101', '2-100', '2-101', '3-102']);
    expect(l.skipped).toBe(1); // Noah's family has no contacts
  });

  it('joins across two connections: pupils from SQLite, consent from a CSV file', async () => {
    const csv = join(dir.path, 'consent.csv');
    writeFileSync(csv, 'FAMILY,CONSENT\n10,Y\n11,N\n12,N\n');
    const { id: csvConnection } = await engine.api.connections.add({ name: 'Consent list', location: csv });
    await engine.api.connections.discover({ id: csvConnection });
    const stream = (await engine.api.connections.catalog({ id: csvConnection }))!.streams[0].name;
    const plan = students(connectionId, {
      joins: [{ as: 'consent', connectionId: csvConnection, stream, on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY' }] }],
      filters: [{ column: 'consent.CONSENT', op: 'notEquals', values: ['N'], label: 'consent withheld' }],
    });
    const remarks = (await engine.api.mappings.validate({ mapping: plan })).remarks;
    expect(remarks.filter((r) => r.stage === 'join' && r.level === 'error' && !/do not meet/.test(r.message))).toEqual([]);
    const p = await engine.api.mappings.preview({ mapping: plan, limit: 10 });
    expect(p.rows.map((r) => r.sourceRow)).toEqual([1, 2]);
    expect(p.skipped).toBe(2);
    await engine.api.connections.remove({ id: csvConnection });
  });

  it('runs a saved version-2 plan for real: joined, filtered with the count, pushed to the sandbox', async () => {
    for (const m of await engine.api.mappings.list()) await engine.api.mappings.delete({ id: m.id });
    const plan = students(connectionId, {
      joins: [{ as: 'family', stream: 'FAMILIES', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_NO' }] }],
      filters: [
        { column: 'STATUS', op: 'equals', values: ['C'], label: 'current pupils only' },
        { column: 'family.CONSENT', op: 'notEquals', values: ['N'], label: 'consent withheld' },
      ],
    });
    await engine.api.mappings.create({ mapping: plan });
    // The target's school (the project's default target is the embedded sandbox, school DEMO).
    await engine.api.mappings.create({ mapping: { entity: 'schools', connectionId, stream: 'SCHOOL', keyColumns: ['CODE'], fields: [{ field: 'name', column: 'NAME', transforms: [] }] } });
    const { runId } = await engine.api.runs.start({ entities: ['schools', 'students'] });
    await engine.idle();
    const run = await engine.api.runs.get({ runId });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(run.counters).toMatchObject({ read: 5, skipped: 1, rejected: 1, created: 3 });
    expect(run.reconciliation).toContainEqual(expect.objectContaining({ entity: 'students', staged: 2, rejected: 1, pushed: 2, target: 2, mismatches: 0 }));
    const events = await engine.api.runs.events({ runId });
    expect(events.some((e) => /Left out by filters \(counted as skipped\): current pupils only: 1/.test(e.message))).toBe(true);
  }, 60_000);
});
