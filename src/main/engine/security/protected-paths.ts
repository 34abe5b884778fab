import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { KEY_FILE_FORMAT, KEY_FILE_NAME } from './key-file';

/**
 * The files the studio never reads as a source, whoever asks and whatever was picked: its own key
 * files, its project files and their SQLite sidecars, the sandbox's data and everything in its
 * configuration folder (audit checkpoints, recent projects, the demo's project). Reading any of
 * them through a connection would hand the vault's key or the sealed secrets to whoever drives the
 * API, so the check is by what the file *is* (real path, name and first bytes), not by how it was
 * reached: a symbolic link, a `..` or another spelling of the same path lands on the same answer.
 */
export type ProtectedKind = 'vault-key' | 'config-folder' | 'project-file' | 'sandbox-data';

export interface ProtectedPathOptions {
  /** Folders that are the studio's own (the engine's configuration folder, the OS default one). */
  studioFolders: readonly string[];
  /** Files inside those folders that are nevertheless sources (the demo's generated legacy database). */
  allowed?: readonly string[];
  /** Compare paths ignoring case (Windows, macOS). Defaults to the platform's habit. */
  caseInsensitive?: boolean;
}

/** `…/school.apstudio`, its `-wal`, `-shm`, `-journal` and `.lock`, and the `.partial` draft a new project is built in. */
const PROJECT_NAME = /\.apstudio(\.partial)?(-wal|-shm|-journal|\.lock)?$/i;
/** The sandbox's data beside a project: `<project>.sandbox.sqlite` and its sidecars. */
const SANDBOX_NAME = /\.sandbox\.sqlite(-wal|-shm|-journal)?$/i;
/** `vault-key.json`, a job's copy of it, and the temporary file it is replaced through. */
const KEY_NAME = new RegExp(`(^|\\.)${KEY_FILE_NAME.replace('.', '\\.')}(\\..*\\.tmp)?$`, 'i');
/** SQLite sidecars whose main file decides what they are. */
const SIDECAR = /(-wal|-shm|-journal)$/i;
/** The project file's `PRAGMA application_id` ("APST"), at byte 68 of a SQLite header. */
const PROJECT_APPLICATION_ID = 0x41505354;
const SNIFF_BYTES = 4096;

export function defaultCaseInsensitive(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/**
 * The real path of `path`: symbolic links and `..` resolved, and on systems that have them the
 * on-disk spelling. A path that does not exist (yet) keeps its missing tail under the real path of
 * the part that does, so a link to a folder cannot be used to name a file that is created later.
 */
export function realPathOf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(realPathOf(parent), basename(abs));
  }
}

/** Whether `child` is `folder` itself or lies inside it (both real paths). */
export function isInside(child: string, folder: string, caseInsensitive = defaultCaseInsensitive()): boolean {
  const c = caseInsensitive ? child.toLowerCase() : child;
  const f = caseInsensitive ? folder.toLowerCase() : folder;
  if (c === f) return true;
  const rel = relative(f, c);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Whether a name alone marks a protected file (for entries inside a zip, which have no real path). */
export function protectedName(name: string): ProtectedKind | null {
  const base = basename(name.replace(/\\/g, '/'));
  if (KEY_NAME.test(base)) return 'vault-key';
  if (SANDBOX_NAME.test(base)) return 'sandbox-data';
  if (PROJECT_NAME.test(base)) return 'project-file';
  return null;
}

/**
 * Why the file or folder at `path` is never readable as a source, or null when it may be read.
 * `path` is resolved to its real path first. A folder is protected when it is, or lies inside,
 * one of the studio's folders; files in a readable folder are checked one by one by the folder
 * reader (see {@link protectedFileFilter}).
 */
export function protectedReason(path: string, options: ProtectedPathOptions): ProtectedKind | null {
  const real = realPathOf(path);
  const ci = options.caseInsensitive ?? defaultCaseInsensitive();
  const byName = protectedName(real) ?? protectedName(path);
  if (byName) return byName;
  const isAllowed = (options.allowed ?? []).some((a) => sameFile(realPathOf(a), real, ci));
  if (!isAllowed && options.studioFolders.some((folder) => isInside(real, realPathOf(folder), ci))) return 'config-folder';
  return sniff(real);
}

/**
 * A filter for the files a folder or zip source lists: true for a file that must be left out.
 * Disk files are judged like {@link protectedReason}; zip entries by name.
 */
export function protectedFileFilter(options: ProtectedPathOptions): (path: string, onDisk: boolean) => boolean {
  return (path, onDisk) => (onDisk ? protectedReason(path, options) !== null : protectedName(path) !== null);
}

function sameFile(a: string, b: string, caseInsensitive: boolean): boolean {
  return caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * What a file's first bytes say: a key file renamed or hard-linked under another name still
 * carries its format marker, and a project file (or a copy) carries the studio's SQLite
 * application id. A SQLite sidecar is judged by its main file.
 */
function sniff(real: string): ProtectedKind | null {
  const head = readHead(real);
  if (head && head.length >= 72 && head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0' && head.readUInt32BE(68) === PROJECT_APPLICATION_ID) return 'project-file';
  if (head && head.toString('utf8').includes(`"${KEY_FILE_FORMAT}"`)) return 'vault-key';
  if (SIDECAR.test(real)) {
    const main = readHead(real.replace(SIDECAR, ''));
    if (main && main.length >= 72 && main.subarray(0, 16).toString('latin1') === 'SQLite format 3\0' && main.readUInt32BE(68) === PROJECT_APPLICATION_ID) return 'project-file';
  }
  return null;
}

function readHead(file: string): Buffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, n);
  } catch {
    // A folder, a missing file or one this user cannot read: nothing to recognise.
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
