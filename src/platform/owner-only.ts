import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { StudioError } from '../shared/errors';

/**
 * Every file the studio writes may hold pupils' personal data (project files and their SQLite
 * sidecars, hand-over exports, sandbox data, the demo's legacy school, reports, audit exports), so
 * each is created readable by its owner alone: mode 0600 (folders 0700) on Unix, an ACL granting
 * only the current account on Windows. Files are created with that mode from the first byte (no
 * moment where another account could open them) and then set again explicitly, because a umask
 * only ever narrows a mode but a folder's default ACL can widen it. See docs/security.md.
 */

export const OWNER_FILE_MODE = 0o600;
export const OWNER_DIR_MODE = 0o700;

export type OwnerOnlyKind = 'file' | 'folder';

/** Platform facts and side effects, injectable so the Windows branch can be unit-tested anywhere. */
export interface OwnerOnlyContext {
  platform: NodeJS.Platform;
  /** Runs icacls on Windows (execFileSync, no shell). */
  runIcacls: (args: string[]) => void;
  /** The Windows account to grant (DOMAIN\user). */
  account: () => string;
  /** Told when permissions could not be set (a FAT stick has none); the write itself goes on. */
  warn: (message: string) => void;
}

const defaultContext: OwnerOnlyContext = {
  platform: process.platform,
  runIcacls: (args) => {
    execFileSync('icacls', args, { stdio: 'ignore', windowsHide: true });
  },
  account: () => windowsAccount(process.env, safeUserName()),
  warn: (message) => process.emitWarning(message, { code: 'APSTUDIO_FILE_PERMISSIONS' }),
};

/**
 * The icacls arguments that leave `path` to `account` alone: inherited entries removed
 * (`/inheritance:r`), and full control granted to the account, replacing any earlier grant to it
 * (`/grant:r`). A folder's grant is inherited by what is created inside it later (`(OI)(CI)`), which
 * is how SQLite's -wal/-shm files, created by Windows with the folder's inheritable ACL, stay private.
 */
export function ownerOnlyAclArgs(path: string, account: string, kind: OwnerOnlyKind): string[] {
  if (!account.trim()) throw new StudioError('INTERNAL', 'The Windows account to grant access to is unknown.', 'Set USERNAME in the environment and try again.');
  return [path, '/inheritance:r', '/grant:r', `${account}:${kind === 'folder' ? '(OI)(CI)' : ''}(F)`];
}

/** The current Windows account as icacls names it: `DOMAIN\user`, or the bare user name. */
export function windowsAccount(env: Record<string, string | undefined>, fallbackUser: string): string {
  const user = env.USERNAME || fallbackUser;
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${user}` : user;
}

/** Makes an existing file or folder owner-only (chmod on Unix, icacls on Windows). Never throws. */
export function restrictToOwner(path: string, kind: OwnerOnlyKind = 'file', ctx: OwnerOnlyContext = defaultContext): void {
  try {
    if (ctx.platform === 'win32') ctx.runIcacls(ownerOnlyAclArgs(path, ctx.account(), kind));
    else chmodSync(path, kind === 'folder' ? OWNER_DIR_MODE : OWNER_FILE_MODE);
  } catch (err) {
    ctx.warn(`The studio could not make ${path} private to your account (${(err as Error).message}). Other accounts on this computer may be able to read it; keep it in a folder only you can open.`);
  }
}

/**
 * Creates an empty owner-only file that must not exist yet. Returns false (and touches nothing)
 * when the name is taken. Used before SQLite opens a new database, so the database and the
 * sidecars SQLite later creates with the same mode are private from the start.
 */
export function createOwnerOnlyFile(path: string, ctx: OwnerOnlyContext = defaultContext): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', OWNER_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  closeSync(fd);
  restrictToOwner(path, 'file', ctx);
  return true;
}

/**
 * Creates a folder and any missing parents, each owner-only. Folders that already exist are left
 * as they are (a school's shared drive is its own business); returns the first folder created.
 */
export function makeOwnerOnlyDir(path: string, ctx: OwnerOnlyContext = defaultContext): string | undefined {
  const full = resolve(path);
  const first = mkdirSync(full, { recursive: true, mode: OWNER_DIR_MODE });
  if (!first) return undefined;
  const created: string[] = [];
  for (let dir = full; ; dir = dirname(dir)) {
    created.push(dir);
    if (dir === first || dirname(dir) === dir) break;
  }
  for (const dir of created.reverse()) restrictToOwner(dir, 'folder', ctx);
  return first;
}

export interface WriteOwnerOnlyOptions {
  /** Replace an existing file (default: refuse with FILE_EXISTS). */
  overwrite?: boolean;
  /** What to do instead, for the FILE_EXISTS hint (e.g. "add --overwrite"). */
  existsHint?: string;
}

/**
 * Writes a whole file owner-only: under a hidden name beside it, then published in one step, so a
 * crash never leaves half a report under the chosen name. Without `overwrite` an existing file is
 * never replaced, not even one that appears while the file is being written.
 */
export function writeOwnerOnlyFile(path: string, data: string | Uint8Array, options: WriteOwnerOnlyOptions = {}, ctx: OwnerOnlyContext = defaultContext): void {
  const target = resolve(path);
  const hint = options.existsHint ?? 'Choose another file name, or move the existing file away first.';
  if (!options.overwrite && existsSync(target)) throw fileExists(target, hint);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', OWNER_FILE_MODE);
  try {
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    restrictToOwner(tmp, 'file', ctx);
    if (options.overwrite) renameSync(tmp, target);
    else publishWithoutReplacing(tmp, target, hint);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Renamed into place, or already gone.
    }
  }
}

/**
 * Gives a finished file its name, failing (never replacing) when the name is taken. A hard link
 * publishes atomically and fails on an existing name; file systems without hard links (FAT, some
 * network shares) get a check and a rename.
 */
export function publishWithoutReplacing(tmp: string, target: string, hint = 'Choose another file name, or move the existing file away first.'): void {
  try {
    linkSync(tmp, target);
    unlinkSync(tmp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw fileExists(target, hint);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    if (existsSync(target)) throw fileExists(target, hint);
    renameSync(tmp, target);
  }
}

function fileExists(target: string, hint: string): StudioError {
  return new StudioError('FILE_EXISTS', `There is already a file at ${target}; it was not replaced.`, hint, { where: { file: target } });
}

/** Platform facts the readability check needs; injectable like the key file's. */
export interface ReadableByOthersContext {
  platform: NodeJS.Platform;
}

/**
 * A warning when a file other accounts can read holds personal data (a project made by an older
 * studio, or copied in with loose permissions), or null. Windows ACLs are not judged by mode
 * bits, so nothing is said there. Only a warning: the file is the school's and stays as it is.
 */
export function readableByOthersWarning(path: string, stat: Stats, what: string, ctx: ReadableByOthersContext = { platform: process.platform }): string | null {
  if (ctx.platform === 'win32' || (stat.mode & 0o077) === 0) return null;
  const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
  return `${what} ${path} can be read by other accounts on this computer (permissions ${mode}), and it holds personal data. Make it private with: chmod 600 ${path}`;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
