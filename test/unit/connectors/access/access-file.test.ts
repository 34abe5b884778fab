import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccessConnector } from '../../../../src/main/engine/connectors/access/access-connector';
import { isDecryptable, rc4, readAccessFormat } from '../../../../src/main/engine/connectors/access/access-format';
import { isAccessFile } from '../../../../src/main/engine/connectors/access/index';
import { tempDir } from '../../../support/temp-dir';

const HEADER_KEY = Buffer.from([0xc7, 0xda, 0x39, 0x6b]);

/** The first page of an Access file: engine name, version, the RC4-hidden header with its page key, and an encryption provider header. */
function firstPage(options: { version: number; pageKey?: number[]; provider?: { major: number; minor: number; flags?: number } }): Buffer {
  const pageSize = options.version === 0 ? 2048 : 4096;
  const page = Buffer.alloc(pageSize);
  page[1] = 1;
  page.write(options.version >= 2 ? 'Standard ACE DB' : 'Standard Jet DB', 4, 'latin1');
  page[0x14] = options.version;
  const hidden = Buffer.alloc(options.version === 0 ? 126 : 128);
  Buffer.from(options.pageKey ?? [0, 0, 0, 0]).copy(hidden, 0x3e - 0x18);
  rc4(HEADER_KEY, hidden).copy(page, 0x18);
  if (options.provider) {
    const info = Buffer.alloc(16);
    info.writeUInt16LE(options.provider.major, 0);
    info.writeUInt16LE(options.provider.minor, 2);
    info.writeInt32LE(options.provider.flags ?? 0, 4);
    page.writeUInt16LE(info.length, 0x299);
    info.copy(page, 0x29b);
  }
  return page;
}

describe('Access file header', () => {
  it('names the version and the page encryption from the first page', () => {
    expect(readAccessFormat(firstPage({ version: 1 }))).toMatchObject({ label: 'Access 2000-2003 (Jet 4)', jet: true, encryption: 'none', pageSize: 4096 });
    expect(readAccessFormat(firstPage({ version: 0 }))).toMatchObject({ label: 'Access 97 (Jet 3)', pageSize: 2048 });
    expect(readAccessFormat(firstPage({ version: 1, pageKey: [1, 2, 3, 4] }))).toMatchObject({ encryption: 'jet-rc4', jetPageKey: Buffer.from([1, 2, 3, 4]) });
    const ace = (provider: { major: number; minor: number; flags?: number }) => readAccessFormat(firstPage({ version: 3, pageKey: [9, 9, 9, 9], provider }))?.encryption;
    expect(ace({ major: 4, minor: 4 })).toBe('office-agile');
    expect(ace({ major: 4, minor: 2, flags: 0x04 })).toBe('office-rc4-cryptoapi');
    expect(ace({ major: 4, minor: 2, flags: 0x24 })).toBe('office-standard-aes');
    expect(ace({ major: 4, minor: 3 })).toBe('office-extensible');
    expect(ace({ major: 1, minor: 1 })).toBe('office-rc4');
  });

  it('knows which schemes mdb-reader can decrypt', () => {
    expect(['none', 'jet-rc4', 'office-agile', 'office-rc4-cryptoapi'].every((e) => isDecryptable(e as never))).toBe(true);
    expect(['office-standard-aes', 'office-rc4', 'office-extensible', 'office-unknown'].some((e) => isDecryptable(e as never))).toBe(false);
  });

  it('does not mistake other files for Access databases', () => {
    expect(readAccessFormat(Buffer.alloc(4096))).toBeNull();
    expect(readAccessFormat(Buffer.from('ID,Name\n1,Ann\n'))).toBeNull();
    expect(isAccessFile('C:/data/School.ACCDB')).toBe(true);
    expect(isAccessFile('school.db')).toBe(false);
  });
});

describe('Access connector failures', () => {
  let dir: { path: string; cleanup(): void };
  beforeEach(() => {
    dir = tempDir('apstudio-access-');
  });
  afterEach(() => dir.cleanup());

  const write = (name: string, bytes: Buffer) => {
    const file = join(dir.path, name);
    writeFileSync(file, bytes);
    return file;
  };

  it('says which encryption it cannot open and how to remove it', async () => {
    const file = write('locked.accdb', firstPage({ version: 3, pageKey: [9, 9, 9, 9], provider: { major: 4, minor: 2, flags: 0x24 } }));
    const connector = createAccessConnector({ path: file }, 'secret');
    await expect(connector.discover()).rejects.toMatchObject({ code: 'SOURCE_ENCRYPTED', message: expect.stringContaining('Office standard encryption'), hint: expect.stringContaining('Decrypt Database'), where: { file } });
    const result = await connector.check();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('locked.accdb');
  });

  it('reports a file cut short, a file that is not Access, and a missing file', async () => {
    const cut = write('cut.mdb', Buffer.concat([firstPage({ version: 1 }), Buffer.alloc(1000)]));
    await expect(createAccessConnector({ path: cut }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_CORRUPT', message: expect.stringContaining('cut short') });
    const csv = write('renamed.accdb', Buffer.from('ID,Name\n1,Ann\n'.repeat(100)));
    await expect(createAccessConnector({ path: csv }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_CORRUPT', message: expect.stringContaining('not a Microsoft Access database') });
    const missing = join(dir.path, 'gone.mdb');
    await expect(createAccessConnector({ path: missing }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    expect((await createAccessConnector({ path: missing }, null).check()).ok).toBe(false);
  });

  it('refuses a connection without a file path', () => {
    expect(() => createAccessConnector({}, null)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
