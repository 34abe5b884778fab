import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/engine';
import { requestSchemas } from '../../src/shared/api/schemas';
import type { EntityMappingInput } from '../../src/shared/model/mapping-api';
import { tempDir } from '../support/temp-dir';

/** A legacy school that writes names surname-first, dates day-first, years as "Y7", phones and e-mails by hand. */
function writeLegacy(file: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, FULL_NAME TEXT, DOB TEXT, SEX TEXT, YEAR TEXT, PHONE TEXT, EMAIL TEXT, ADMITTED TEXT)');
  const pupil = db.prepare('INSERT INTO PUPILS VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  pupil.run(1, 'HUGHES, Amelia Rose', '25/03/2012', 'F', 'Y7', '07700 900123', ' Amelia.Hughes@Example.org ', '01/09/2023');
  pupil.run(2, 'KHAN, Oliver', '4/1/2012', 'M', 'Y7', 'none', 'oliver@example.org', '01/09/2023');
  pupil.run(3, 'NOVAK, Isla', '30/09/2011', 'F', 'Y8', '+44 7700 900124', 'AMELIA.HUGHES@example.org', '01/09/2022');
  pupil.run(4, 'EVANS, Noah', '15/01/2011', 'M', 'Y8', '', null, '01/09/2010');
  db.close();
}

describe('the transform library, expressions and rules through a preview', () => {
  const dir = tempDir();
  let engine: Engine;
  let connectionId: string;

  beforeAll(async () => {
    const legacy = join(dir.path, 'legacy.sqlite');
    writeLegacy(legacy);
    engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Rules preview' });
    ({ id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacy}` }));
    await engine.api.connections.discover({ id: connectionId });
    await engine.api.settings.update({ maskPersonalData: false });
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  const students = (extra: Partial<EntityMappingInput> = {}): EntityMappingInput => ({
    entity: 'students',
    connectionId,
    stream: 'PUPILS',
    keyColumns: ['PUPIL_NO'],
    fields: [
      { field: 'firstName', column: 'FULL_NAME', transforms: [{ kind: 'splitName', part: 'first' }] },
      { field: 'middleName', column: 'FULL_NAME', transforms: [{ kind: 'splitName', part: 'middle' }] },
      { field: 'lastName', column: 'FULL_NAME', transforms: [{ kind: 'splitName', part: 'last' }, { kind: 'changeCase', mode: 'title' }] },
      { field: 'birthDate', column: 'DOB', transforms: [{ kind: 'detectDate', order: 'dmy' }] },
      { field: 'entryDate', column: 'ADMITTED', transforms: [{ kind: 'detectDate', order: 'dmy' }] },
      { field: 'gender', column: 'SEX', transforms: [{ kind: 'when', op: 'equals', values: ['F'], then: 'female', else: 'male' }] },
      { field: 'gradeLevel', column: 'YEAR', transforms: [{ kind: 'expression', expression: 'value.matches("^Y\\\\d$") ? "0" + value.substring(1) : value' }] },
      { field: 'phone', column: 'PHONE', transforms: [{ kind: 'normalizePhone', countryCode: '44' }] },
      { field: 'email', column: 'EMAIL', transforms: [{ kind: 'normalizeEmail' }] },
    ],
    ...extra,
  });

  it('shapes each row with the library and a CEL expression', async () => {
    const p = await engine.api.mappings.preview({ mapping: students(), limit: 10 });
    const amelia = p.rows.find((r) => r.sourceRow === 1)!;
    expect(amelia.fields).toMatchObject({ firstName: 'Amelia', middleName: 'Rose', lastName: 'Hughes', birthDate: '2012-03-25', gender: 'female', gradeLevel: '07', phone: '+447700900123', email: 'amelia.hughes@example.org' });
    expect(p.rows.find((r) => r.sourceRow === 2)!.fields).toMatchObject({ birthDate: '2012-01-04', gradeLevel: '07' });
    expect(p.rows.map((r) => r.outcome)).not.toContain('rejected');
  });

  it('reports each rule per row with its place: an error rejects the row at stage validate, a warning lets it through', async () => {
    const p = await engine.api.mappings.preview({
      mapping: students({
        rules: [
          { kind: 'unique', name: 'one pupil per e-mail', fields: ['email'] },
          { kind: 'compare', name: 'admitted after birth', field: 'entryDate', op: '>', other: 'birthDate' },
          { kind: 'expression', name: 'has a phone', expression: 'has(record.phone)', severity: 'warning' },
        ],
      }),
      limit: 10,
    });
    expect(p.rows.map((r) => [r.sourceRow, r.outcome])).toEqual([
      [1, 'valid'],
      [2, 'warnings'],
      [3, 'rejected'],
      [4, 'rejected'],
    ]);
    // The rule's warning first, then the preview's own (a name with no middle part, a phone that was no number).
    expect(p.rows[1].warnings).toEqual([{ field: 'record', message: 'Rule "has a phone": The record does not pass: has(record.phone).' }, expect.objectContaining({ field: 'middleName' }), expect.objectContaining({ field: 'phone' })]);
    expect(p.rows[2].reasons).toEqual([{ stage: 'validate', field: 'email', code: 'RULE_FAILED', message: 'Rule "one pupil per e-mail": email "amelia.hughes@example.org" is already used by source row 1 of this load.' }]);
    expect(p.rows[3].reasons).toEqual([
      { stage: 'validate', field: 'entryDate', code: 'RULE_FAILED', message: 'Rule "admitted after birth": entryDate (2010-09-01) is not after / more than birthDate (2011-01-15).' },
      { stage: 'validate', field: null, code: 'RULE_WARNING', message: 'Rule "has a phone": The record does not pass: has(record.phone).' },
    ]);
  });

  it('validation type-checks expressions against the source’s columns and the record, with the position', async () => {
    const mapping = students({ rules: [{ kind: 'expression', name: 'typo', expression: 'record.gradeLevel + 1 > 2' }] });
    mapping.fields.push({ field: 'preferredName', column: null, transforms: [{ kind: 'expression', expression: 'row.FULL_NAME + row.PUPIL_NO' }] });
    const { remarks } = await engine.api.mappings.validate({ mapping });
    expect(remarks).toContainEqual(expect.objectContaining({ level: 'error', stage: 'map', place: 'field preferredName transforms[0].expression', message: expect.stringMatching(/^EXPRESSION_TYPE: No such overload: string \+ int\. \(at line 1, column 1\)/) }));
    expect(remarks).toContainEqual(expect.objectContaining({ level: 'error', stage: 'validate', place: 'rule typo', message: expect.stringMatching(/^EXPRESSION_TYPE: .*\(at line 1, column 1\)/) }));
  });

  it('finds a transform by example through the API, shows it as steps and marks rows it is unsure about', async () => {
    const r = await engine.api.mappings.byExample({ examples: [{ input: 'HUGHES, Amelia Rose', output: 'Amelia Hughes' }, { input: 'KHAN, Oliver', output: 'Oliver Khan' }], rows: ['NOVAK, Isla', 'Li'] });
    expect(r.status).toBe('solved');
    expect(r.program!.steps[0]).toMatch(/^Put together: /);
    expect(r.rows[0]).toEqual({ input: 'NOVAK, Isla', output: 'Isla Novak', unsure: false });
    // One word has no second word to put first: no answer, marked unsure rather than guessed.
    expect(r.rows[1]).toEqual({ input: 'Li', output: null, unsure: true });
    const none = await engine.api.mappings.byExample({ examples: [{ input: 'France', output: 'Paris' }, { input: 'Japan', output: 'Tokyo' }], rows: ['Kenya'] });
    expect(none).toMatchObject({ status: 'unsure', program: null, rows: [{ input: 'Kenya', output: null, unsure: true }] });
    expect(requestSchemas.mappings.byExample.safeParse({ examples: [1, 2, 3, 4].map((n) => ({ input: `${n}`, output: `${n}` })), rows: [] }).success).toBe(false);
  });
});
