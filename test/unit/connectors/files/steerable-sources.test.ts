import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHostEngine } from '../../../../src/main/hosts/host-engine';
import { createCsvConnector, createXmlConnector } from '../../../../src/main/engine/connectors/files';
import { runCli } from '../../../../src/main/hosts/cli/cli';
import { createOutput } from '../../../../src/main/hosts/cli/output';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';

/**
 * Issue 16, point 7: a user can steer how a file is read. Each option changes the outcome as
 * expected, a wrong one gives a clear error with a place, and an XML document with several
 * record types is one stream a type.
 */
const temp = tempDir('apstudio-steer-');
afterAll(() => temp.cleanup());

// A French export: a title line, then a semicolon header, in Windows-1252.
const ELEVES = iconv.encode('Liste des élèves — export du 03/09/2024\r\nnom;prénom;classe;ville\r\nDupré;Zoé;6e A;Besançon\r\nLefèvre;Chloé;5e B;Orléans\r\nGarçon;Noël;4e C;Hénin\r\n', 'cp1252');
const EXPECTED = [
  { nom: 'Dupré', prénom: 'Zoé', classe: '6e A', ville: 'Besançon' },
  { nom: 'Lefèvre', prénom: 'Chloé', classe: '5e B', ville: 'Orléans' },
  { nom: 'Garçon', prénom: 'Noël', classe: '4e C', ville: 'Hénin' },
];

async function cli(...argv: string[]) {
  const sink = (into: string[]) => ({ write: (chunk: unknown) => (into.push(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, createOutput(argv.includes('--json'), { stdout: sink(stdout), stderr: sink(stderr) }));
  return { code, json: argv.includes('--json') ? JSON.parse(stdout.join('')) : null, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('CSV reading options', () => {
  const file = put(temp.path, 'eleves.csv', ELEVES);

  it('a semicolon file with a title row in cp1252 is read right only with the options', async () => {
    const plain = await studioError(readAll(createCsvConnector({ path: file }, null), 'eleves'));
    expect(plain).toMatchObject({ code: 'SOURCE_CORRUPT', where: { line: 2 } });
    const steered = createCsvConnector({ path: file, encoding: 'cp1252', delimiter: 'semicolon', headerRow: 2 }, null);
    expect((await steered.discover())[0].columns.map((c) => c.name)).toEqual(['nom', 'prénom', 'classe', 'ville']);
    expect(await readAll(steered, 'eleves')).toEqual(EXPECTED);
  });

  it('the same through the CLI flags: --skip-rows 1 is --header-row 2; the quote character is honoured', async () => {
    const byHeader = await cli('preview', file, 'eleves', '--json', '--reveal', '--encoding', 'cp1252', '--delimiter', ';', '--header-row', '2');
    expect(byHeader.code).toBe(0);
    expect(byHeader.json.rows).toEqual(EXPECTED);
    const bySkip = await cli('preview', file, 'eleves', '--json', '--reveal', '--encoding', 'windows-1252', '--delimiter', ';', '--skip-rows', '1');
    expect(bySkip.json.rows).toEqual(EXPECTED);
    const quoted = put(temp.path, 'quoted.csv', "id,name\n1,'Smith, Jo'\n");
    expect((await cli('preview', quoted, 'quoted', '--json', '--reveal', '--quote', "'")).json.rows).toEqual([{ id: '1', name: 'Smith, Jo' }]);
    expect((await cli('preview', quoted, 'quoted', '--json', '--reveal')).json.rows).not.toEqual([{ id: '1', name: 'Smith, Jo' }]);
    const discovered = await cli('discover', file, '--json', '--encoding', 'cp1252', '--delimiter', ';', '--header-row', '2');
    expect(discovered.json.streams[0]).toMatchObject({ name: 'eleves', rowEstimate: 3 });
    const assessed = await cli('assess', file, '--json', '--encoding', 'cp1252', '--delimiter', ';', '--skip-rows', '1');
    expect(assessed.code).toBe(0);
    expect(assessed.json.notAssessed).toEqual([]);
  });

  it('the options are kept on a connection (the studio\'s form) and checked when set', async () => {
    const engine = createHostEngine({ host: 'cli', configDir: join(temp.path, 'config') });
    try {
      await engine.api.projects.create({ path: join(temp.path, 'steer.apstudio'), name: 'Steer' });
      const added = await engine.api.connections.add({ name: 'Élèves', location: file, options: { encoding: 'cp1252', delimiter: ';', headerRow: 2 } });
      expect((await engine.api.connections.preview({ id: added.id, stream: 'eleves' })).rows).toEqual(EXPECTED);
      await expect(engine.api.connections.add({ name: 'Bad', location: file, options: { encoding: 'klingon' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(engine.api.connections.add({ name: 'Bad', location: file, options: { quote: 'ab' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect((await engine.api.connections.list()).map((c) => c.name)).toEqual(['Élèves']);
    } finally {
      await engine.dispose();
    }
  });

  it('wrong options give a clear error with a place', async () => {
    const wrongEncoding = await cli('preview', file, 'eleves', '--json', '--encoding', 'utf-8', '--delimiter', ';', '--header-row', '2');
    expect(wrongEncoding.code).toBe(1);
    expect(wrongEncoding.json.error).toMatchObject({ code: 'SOURCE_ENCODING', where: { file, line: 1 } });
    const unknownEncoding = await cli('preview', file, 'eleves', '--json', '--encoding', 'klingon');
    expect(unknownEncoding.json.error).toMatchObject({ code: 'BAD_REQUEST', where: { file } });
    const pastTheEnd = await cli('preview', file, 'eleves', '--json', '--header-row', '99');
    expect(pastTheEnd.json.error).toMatchObject({ code: 'BAD_REQUEST', where: { file } });
    expect(pastTheEnd.json.error.message).toMatch(/row 99.*only 5 row/);
    const disagree = await cli('preview', file, 'eleves', '--json', '--header-row', '3', '--skip-rows', '1');
    expect(disagree).toMatchObject({ code: 2, json: { error: { code: 'USAGE' } } });
    expect((await cli('preview', file, 'eleves', '--json', '--quote', 'ab')).json.error.message).toMatch(/single character/);
    expect((await cli('preview', file, 'eleves', '--json', '--skip-rows', '-1')).json.error.code).toBe('USAGE');
    const notAFile = await cli('discover', 'mysql://sis@127.0.0.1:1/school', '--json', '--delimiter', ';');
    expect(notAFile).toMatchObject({ code: 2, json: { error: { code: 'USAGE' } } });
    expect(notAFile.json.error.message).toMatch(/apply to files/);
  });
});

const SCHEDULE = `<?xml version="1.0" encoding="UTF-8"?>
<Schedule year="2024">
  <CourseOfferings>
    <CourseOffering code="MATH7"><Title>Maths 7</Title><Term>Fall</Term></CourseOffering>
    <CourseOffering code="ENG7"><Title>English 7</Title><Term>Fall</Term></CourseOffering>
    <CourseOffering code="SCI7"><Title>Science 7</Title><Term>Spring</Term></CourseOffering>
  </CourseOfferings>
  <Sections>
    <Section id="S1" offering="MATH7"><Room>101</Room><Teacher><Name>Ms Lee</Name></Teacher></Section>
    <Section id="S2" offering="MATH7"><Room>102</Room></Section>
    <Section id="S3" offering="ENG7"><Room>201</Room></Section>
    <Section id="S4" offering="SCI7"><Room>Lab 1</Room></Section>
    <Section id="S5" offering="SCI7"><Room>Lab 2</Room></Section>
  </Sections>
</Schedule>`;

const CONTACTS = `<?xml version="1.0"?>
<InterchangeParent>
  <Parent><ParentUniqueId>P1</ParentUniqueId><Name>Ann Smith</Name></Parent>
  <Parent><ParentUniqueId>P2</ParentUniqueId><Name>Bo Jones</Name></Parent>
  <StudentParentAssociation><ParentReference>P1</ParentReference><StudentReference>S10</StudentReference></StudentParentAssociation>
  <StudentParentAssociation><ParentReference>P1</ParentReference><StudentReference>S11</StudentReference></StudentParentAssociation>
  <StudentParentAssociation><ParentReference>P2</ParentReference><StudentReference>S12</StudentReference></StudentParentAssociation>
</InterchangeParent>`;

describe('XML with several record types', () => {
  it('a schedule exposes its course offerings and its sections as two streams', async () => {
    const c = createXmlConnector({ path: put(temp.path, 'schedule.xml', SCHEDULE) }, null);
    const streams = await c.discover();
    expect(streams.map((s) => [s.name, s.recordPath, s.rowEstimate])).toEqual([
      ['CourseOffering', '/Schedule/CourseOfferings/CourseOffering', 3],
      ['Section', '/Schedule/Sections/Section', 5],
    ]);
    expect((await readAll(c, 'Section')).map((r) => r.id)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect((await readAll(c, 'CourseOffering'))[2]).toEqual({ code: 'SCI7', Title: 'Science 7', Term: 'Spring' });
  });

  it('contacts and their student links side by side under one root are two streams', async () => {
    const c = createXmlConnector({ path: put(temp.path, 'parents.xml', CONTACTS) }, null);
    expect((await c.discover()).map((s) => [s.name, s.rowEstimate])).toEqual([
      ['Parent', 2],
      ['StudentParentAssociation', 3],
    ]);
    expect(await readAll(c, 'StudentParentAssociation')).toEqual([
      { ParentReference: 'P1', StudentReference: 'S10' },
      { ParentReference: 'P1', StudentReference: 'S11' },
      { ParentReference: 'P2', StudentReference: 'S12' },
    ]);
  });

  it('a record path (connection config or --record-path) reads one record type as the file\'s one stream', async () => {
    const path = put(temp.path, 'timetable.xml', SCHEDULE);
    const one = createXmlConnector({ path, recordPath: '/Schedule/Sections/Section' }, null);
    expect((await one.discover()).map((s) => [s.name, s.rowEstimate])).toEqual([['timetable', 5]]);
    const viaCli = await cli('discover', path, '--json', '--record-path', 'CourseOffering');
    expect(viaCli.json.streams.map((s: { name: string; rowEstimate: number }) => [s.name, s.rowEstimate])).toEqual([['timetable', 3]]);
    const wrong = await cli('preview', path, 'timetable', '--json', '--record-path', '/Schedule/Rooms/Room');
    expect(wrong.json.error).toMatchObject({ code: 'STREAM_NOT_FOUND', where: { file: expect.stringContaining('timetable.xml') } });
  });
});
