import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderConnector, createZipConnector } from '../../../../src/main/engine/connectors/files';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';
import { buildZip } from './support/zip-writer';

const temp = tempDir('apstudio-folder-');
afterAll(() => temp.cleanup());
let folder = '';
let workbook: Buffer;

beforeAll(async () => {
  folder = join(temp.path, 'export');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  mkdirSync(join(folder, '.git'));
  put(folder, 'students.csv', 'id,name\n1,Ann\n2,Bob\n');
  put(join(folder, 'sub'), 'classes.tsv', 'code\ttitle\nM1\tMaths\n');
  put(folder, 'events.ndjson', '{"id":1}\n{"id":2}\n');
  put(folder, 'data.xml', '<rows><row id="1"/><row id="2"/></rows>');
  put(folder, 'a.csv', 'x\n1\n');
  put(folder, 'a.json', '[{"x": 2}]');
  put(folder, 'readme.md', '# not data');
  put(folder, 'old.xls', Buffer.from('d0cf11e0a1b11ae1', 'hex'));
  put(folder, 'broken.xlsx', 'not a workbook');
  put(folder, 'picture.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 0, 1, 0]));
  put(folder, '.hidden.csv', 'secret\n1\n');
  put(join(folder, '.git'), 'config.csv', 'a\n1\n');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Terms').addRows([['term', 'start'], ['Autumn', new Date(Date.UTC(2024, 8, 2))]]);
  wb.addWorksheet('Rooms').addRows([['room'], ['B12']]);
  workbook = Buffer.from(await wb.xlsx.writeBuffer());
  put(folder, 'book.xlsx', workbook);
});

describe('folder source', () => {
  it('makes every data file a stream named by its relative path without extension', async () => {
    const c = createFolderConnector({ path: folder }, null);
    const streams = await c.discover();
    expect(streams.map((s) => s.name)).toEqual(['a.csv', 'a.json', 'book/Terms', 'book/Rooms', 'data', 'events', 'picture', 'students', 'sub/classes']);
    expect(await readAll(c, 'sub/classes')).toEqual([{ code: 'M1', title: 'Maths' }]);
    expect(await readAll(c, 'book/Terms')).toEqual([{ term: 'Autumn', start: '2024-09-02' }]);
    expect(await readAll(c, 'a.json')).toEqual([{ x: 2 }]);
    expect(await readAll(c, 'events')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await readAll(c, 'data')).toEqual([{ id: '1' }, { id: '2' }]);
    // One unreadable file does not hide the others: it shows, empty, with the reason.
    const picture = streams.find((s) => s.name === 'picture')!;
    expect(picture.columns).toEqual([]);
    expect(picture.issues?.[0].message).toMatch(/does not look like a text file/);
    expect(c.skippedFiles().map((s) => s.path)).toEqual(['broken.xlsx', 'old.xls', 'readme.md']);
    expect(c.skippedFiles().find((s) => s.path === 'old.xls')?.reason).toMatch(/\.xlsx/);
    const check = await c.check();
    expect(check.ok).toBe(true);
    expect(check.message).toMatch(/9 streams/);
    expect(check.message).toMatch(/3 file\(s\) were left out/);
  });

  it('says clearly when the folder is missing or holds nothing readable', async () => {
    const missing = createFolderConnector({ path: join(temp.path, 'nope') }, null);
    expect((await studioError(missing.discover())).code).toBe('SOURCE_NOT_FOUND');
    const empty = join(temp.path, 'empty');
    mkdirSync(empty);
    put(empty, 'notes.docx', 'x');
    const result = await createFolderConnector({ path: empty }, null).check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/holds no file the studio can read/);
  });
});

describe('zip source', () => {
  it('streams CSV, JSON and workbook entries out of the archive', async () => {
    const path = put(
      temp.path,
      'bundle.zip',
      buildZip([
        { name: 'export/students.csv', data: 'id,name\n1,Ann\n2,Bob\n' },
        { name: 'export/events.ndjson', data: '{"id":1}\n', store: true },
        { name: 'export/book.xlsx', data: workbook },
        { name: '__MACOSX/export/._students.csv', data: 'junk' },
        { name: 'export/', data: '' },
      ]),
    );
    const c = createZipConnector({ path }, null);
    const streams = await c.discover();
    expect(streams.map((s) => s.name)).toEqual(['export/students', 'export/events', 'export/book/Terms', 'export/book/Rooms']);
    expect(await readAll(c, 'export/students')).toEqual([
      { id: '1', name: 'Ann' },
      { id: '2', name: 'Bob' },
    ]);
    expect(await readAll(c, 'export/book/Rooms')).toEqual([{ room: 'B12' }]);
    expect(await c.count('export/students')).toBe(2);
    await c.close();
  });

  it('refuses entries that point outside the archive', async () => {
    for (const name of ['../evil.csv', 'export/../../evil.csv', '/etc/evil.csv']) {
      const c = createZipConnector({ path: put(temp.path, 'traversal.zip', buildZip([{ name: 'ok.csv', data: 'a\n1\n' }, { name, data: 'a\n1\n' }])) }, null);
      const err = await studioError(c.discover());
      expect(err.code).toBe('SOURCE_UNSAFE');
      expect(err.message).toContain('evil.csv');
      expect((await c.check()).ok).toBe(false);
    }
  });

  it('refuses zip bombs by declared size and compression ratio, and entries that lie about their size', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024, 'a');
    const ratio = createZipConnector({ path: put(temp.path, 'bomb.zip', buildZip([{ name: 'a.csv', data: zeros }])), maxCompressionRatio: 100 }, null);
    expect(await studioError(ratio.discover())).toMatchObject({ code: 'SOURCE_UNSAFE', message: expect.stringContaining('zip bombs') });
    const size = createZipConnector({ path: put(temp.path, 'large.zip', buildZip([{ name: 'a.csv', data: 'a\n'.repeat(1000) }])), maxEntryBytes: 1000 }, null);
    expect((await studioError(size.discover())).code).toBe('SOURCE_UNSAFE');
    const total = createZipConnector({ path: put(temp.path, 'total.zip', buildZip([{ name: 'a.csv', data: 'a\n'.repeat(600) }, { name: 'b.csv', data: 'b\n'.repeat(600) }])), maxTotalBytes: 2000 }, null);
    expect((await studioError(total.discover())).code).toBe('SOURCE_UNSAFE');
    const liar = createZipConnector({ path: put(temp.path, 'liar.zip', buildZip([{ name: 'a.csv', data: `a\n${'1\n'.repeat(5000)}`, declaredSize: 100 }])) }, null);
    expect((await studioError(readAll(liar, 'a'))).code).toBe('SOURCE_UNSAFE');
  });

  it('says a cut-off archive is damaged and a password-protected entry cannot be read', async () => {
    const good = buildZip([{ name: 'a.csv', data: 'a\n1\n'.repeat(100) }]);
    const cut = createZipConnector({ path: put(temp.path, 'cut.zip', good.subarray(0, good.length - 30)) }, null);
    const err = await studioError(cut.discover());
    expect(err.code).toBe('SOURCE_CORRUPT');
    expect(err.hint).toMatch(/download|copy/);
    const locked = createZipConnector({ path: put(temp.path, 'locked.zip', buildZip([{ name: 'a.csv', data: 'a\n1\n', store: true, encrypted: true }])) }, null);
    const [stream] = await locked.discover();
    expect(stream.issues?.[0].message).toMatch(/password-protected/);
    expect((await studioError(readAll(locked, 'a'))).code).toBe('SOURCE_UNSUPPORTED');
    const notZip = createZipConnector({ path: put(temp.path, 'fake.zip', readFileSync(join(folder, 'students.csv'))) }, null);
    expect((await studioError(notZip.discover())).code).toBe('SOURCE_CORRUPT');
  });
});
