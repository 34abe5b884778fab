import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import {
  createOwnerOnlyFile,
  makeOwnerOnlyDir,
  ownerOnlyAclArgs,
  readableByOthersWarning,
  restrictToOwner,
  windowsAccount,
  writeOwnerOnlyFile,
  type OwnerOnlyContext,
} from '../../../src/platform/owner-only';
import { tempDir } from '../../support/temp-dir';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('owner-only files: the Windows ACL', () => {
  it('removes inherited entries and grants the account alone full control', () => {
    expect(ownerOnlyAclArgs('C:\\Users\\ana\\school.apstudio', 'SCHOOL\\ana', 'file')).toEqual(['C:\\Users\\ana\\school.apstudio', '/inheritance:r', '/grant:r', 'SCHOOL\\ana:(F)']);
  });

  it('makes a folder grant inheritable, so SQLite sidecars created inside stay private', () => {
    expect(ownerOnlyAclArgs('C:\\Data\\demo', 'ana', 'folder')).toEqual(['C:\\Data\\demo', '/inheritance:r', '/grant:r', 'ana:(OI)(CI)(F)']);
  });

  it('keeps a path with spaces and quotes as one argument (no shell is involved)', () => {
    const args = ownerOnlyAclArgs('C:\\My "School" Data\\a b.apstudio', 'ana', 'file');
    expect(args[0]).toBe('C:\\My "School" Data\\a b.apstudio');
    expect(args).toHaveLength(4);
  });

  it('refuses an empty account instead of granting nobody', () => {
    expect(() => ownerOnlyAclArgs('C:\\x', ' ', 'file')).toThrow(StudioError);
  });

  it('names the account DOMAIN\\user, or the bare user name without a domain', () => {
    expect(windowsAccount({ USERNAME: 'ana', USERDOMAIN: 'SCHOOL' }, 'fallback')).toBe('SCHOOL\\ana');
    expect(windowsAccount({ USERNAME: 'ana' }, 'fallback')).toBe('ana');
    expect(windowsAccount({}, 'fallback')).toBe('fallback');
  });

  it('runs icacls on Windows with those arguments, and only warns when it fails', () => {
    const calls: string[][] = [];
    const warnings: string[] = [];
    const ctx: OwnerOnlyContext = { platform: 'win32', runIcacls: (args) => void calls.push(args), account: () => 'SCHOOL\\ana', warn: (m) => void warnings.push(m) };
    restrictToOwner('C:\\p\\school.apstudio', 'file', ctx);
    restrictToOwner('C:\\p\\demo', 'folder', ctx);
    expect(calls).toEqual([
      ['C:\\p\\school.apstudio', '/inheritance:r', '/grant:r', 'SCHOOL\\ana:(F)'],
      ['C:\\p\\demo', '/inheritance:r', '/grant:r', 'SCHOOL\\ana:(OI)(CI)(F)'],
    ]);
    restrictToOwner('E:\\fat-stick\\school.apstudio', 'file', { ...ctx, runIcacls: () => { throw new Error('no ACLs on FAT'); } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not make E:\\fat-stick\\school\.apstudio private.*no ACLs on FAT/);
  });
});

describe('owner-only files on Unix, under a permissive umask', () => {
  let dir: ReturnType<typeof tempDir>;
  let previousUmask: number;
  beforeAll(() => {
    previousUmask = process.umask(0o000);
  });
  afterAll(() => {
    process.umask(previousUmask);
  });
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it.runIf(process.platform !== 'win32')('creates files 0600 and every missing folder 0700, leaving existing folders alone', () => {
    chmodSync(dir.path, 0o755);
    const first = makeOwnerOnlyDir(join(dir.path, 'a', 'b', 'c'));
    expect(first).toBe(join(dir.path, 'a'));
    for (const d of ['a', 'a/b', 'a/b/c']) expect(mode(join(dir.path, d))).toBe(0o700);
    expect(mode(dir.path)).toBe(0o755);
    expect(makeOwnerOnlyDir(join(dir.path, 'a', 'b'))).toBeUndefined();

    const file = join(dir.path, 'a', 'new.sqlite');
    expect(createOwnerOnlyFile(file)).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(createOwnerOnlyFile(file)).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('writes a whole file owner-only, refusing to replace one unless asked', () => {
    const file = join(dir.path, 'report.html');
    writeOwnerOnlyFile(file, '<html>one</html>');
    expect(mode(file)).toBe(0o600);
    let caught: unknown;
    try {
      writeOwnerOnlyFile(file, '<html>two</html>', { existsHint: 'Add --overwrite to replace it.' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'FILE_EXISTS', hint: 'Add --overwrite to replace it.' });
    expect(readFileSync(file, 'utf8')).toBe('<html>one</html>');

    // An existing world-readable file is replaced by a private one, not rewritten in place.
    chmodSync(file, 0o644);
    writeOwnerOnlyFile(file, Buffer.from('<html>two</html>'), { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('<html>two</html>');
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(dir.path)).toEqual(['report.html']);
  });
});

describe('the readable-by-others warning', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it.runIf(process.platform !== 'win32')('names the permissions and the chmod that fixes them; says nothing for 0600 or on Windows', () => {
    const file = join(dir.path, 'school.apstudio');
    writeFileSync(file, 'x');
    chmodSync(file, 0o640);
    expect(readableByOthersWarning(file, statSync(file), 'The project')).toBe(
      `The project ${file} can be read by other accounts on this computer (permissions 640), and it holds personal data. Make it private with: chmod 600 ${file}`,
    );
    expect(readableByOthersWarning(file, statSync(file), 'The project', { platform: 'win32' })).toBeNull();
    chmodSync(file, 0o600);
    expect(readableByOthersWarning(file, statSync(file), 'The project')).toBeNull();
    expect(existsSync(file)).toBe(true);
  });
});
