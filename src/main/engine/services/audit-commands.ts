import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { openSqlite, openSqliteBuffer, type SqliteDatabase } from '../../../platform/open-sqlite';
import { APPLICATION_ID } from '../project/project-file';
import type { AuditVerifyResult } from '../security/audit-chain';
import type { AuditCheckpoints } from '../security/audit-checkpoint';
import type { AuditExportFormat, AuditExportResult } from '../security/audit-export';
import type { AuditKeys } from '../security/audit-key';
import { AuditLog } from '../security/audit-log';
import { securityMigration } from '../project/security-migration';

/**
 * The core of `academia-studio audit verify|export <project>`: everything but argument parsing
 * and printing. The project is opened read-only and without its write lock, so the trail can be
 * checked while the desktop app has the project open, and checking never changes the file.
 */

/** What `audit verify` prints with --json (docs/conventions.md): exactly these four fields. */
export interface AuditVerifyDocument {
  valid: boolean;
  entries: number;
  firstBadEntry: number | null;
  /** Whether the entries' MACs were checked with this user's audit key (false: the hash chain only). */
  keyed: boolean;
}

/** What the reader of a trail brings from outside the project file. */
export interface AuditReadOptions {
  /** This user's audit keys (from the vault key); null: only the hash chain can be checked. */
  keys?: AuditKeys | null;
  /** This user's checkpoints (configuration folder); null: no checkpoint is compared. */
  checkpoints?: AuditCheckpoints | null;
}

export interface AuditVerifyOutcome {
  /** The project file's full path. */
  file: string;
  result: AuditVerifyResult;
  document: AuditVerifyDocument;
  /** Lines for people (without --json). */
  lines: string[];
  /** 0 when the chain is whole, 1 when it is not (docs/conventions.md). */
  exitCode: 0 | 1;
}

export function auditVerifyCore(projectPath: string, options: AuditReadOptions = {}): AuditVerifyOutcome {
  const { db, full, close } = openForAuditReading(projectPath);
  try {
    const result = hasAuditTables(db) ? readingLog(db, 'audit-verify', options).verify() : verifyWithoutTables(db);
    const lines = result.valid
      ? [`The audit trail of ${full} is intact: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} checked.`, ...howChecked(result, options.keys != null)]
      : [
          `The audit trail of ${full} has been tampered with: the first bad entry is ${result.firstBadEntry} (${result.reason}).`,
          'Keep this copy as evidence and compare it with a backup; entries before that one are intact.',
          ...howChecked(result, options.keys != null),
        ];
    return { file: full, result, document: { valid: result.valid, entries: result.entries, firstBadEntry: result.firstBadEntry, keyed: result.keyed }, lines, exitCode: result.valid ? 0 : 1 };
  } finally {
    close();
  }
}

/** Says what the verdict rests on: the MACs, the checkpoint, or the hash chain alone. */
function howChecked(r: AuditVerifyResult, haveKey: boolean): string[] {
  const lines: string[] = [];
  if (r.keyed) lines.push('Each entry\'s MAC was checked with your audit key.');
  else if (!haveKey && r.entries > 0) lines.push('Your vault key is not available here (another user or computer, or it is locked), so the MACs could not be checked: only the hash chain was checked.');
  else if (r.unchecked > 0) lines.push(`${r.unchecked} entr${r.unchecked === 1 ? 'y is' : 'ies are'} MAC'd with an audit key you do not hold (another user or computer): only their hash chain was checked.`);
  else if (r.entries > 0) lines.push('No audit key was available for this trail: only its hash chain was checked.');
  if (r.unkeyed > 0) lines.push(`${r.unkeyed} entr${r.unkeyed === 1 ? 'y was' : 'ies were'} written before the audit trail was keyed (unkeyed): checked by hash only.`);
  if (!r.checkpoint && r.entries > 0) lines.push('There is no checkpoint of this project in your configuration folder, so a cut-off end would only show if the file\'s own head record was left behind.');
  return lines;
}

function readingLog(db: SqliteDatabase, actor: string, options: AuditReadOptions): AuditLog {
  return new AuditLog(db, { actor, keys: options.keys ?? null, checkpoints: options.checkpoints ?? null });
}

export interface AuditExportOptions {
  format: AuditExportFormat;
  /** Where to write; default `<project folder>/<project name>-audit.<format>`. */
  out?: string;
  /** Replace an existing file at `out` (default: refuse, so an earlier export is never lost). */
  overwrite?: boolean;
}

export interface AuditExportOutcome {
  result: AuditExportResult;
  /** The --json document: where it went, how many entries, and whether the chain was whole. */
  document: { file: string; format: AuditExportFormat; entries: number; valid: boolean; firstBadEntry: number | null };
  lines: string[];
  /** 0: written (a broken chain is reported in the document and lines, and in the export itself). */
  exitCode: 0;
}

export function auditExportCore(projectPath: string, options: AuditExportOptions & AuditReadOptions): AuditExportOutcome {
  if (options.format !== 'csv' && options.format !== 'json') {
    throw new StudioError('USAGE', `"${String(options.format)}" is not an audit export format.`, 'Use --format csv or --format json.');
  }
  const { db, full, close } = openForAuditReading(projectPath);
  try {
    const target = resolve(options.out ?? join(dirname(full), `${basename(full, extname(full))}-audit.${options.format}`));
    if (!options.overwrite && existsSync(target)) {
      throw new StudioError('AUDIT_EXPORT_FAILED', `${target} already exists; it was not overwritten.`, 'Add --overwrite to replace it, or choose another file with --out.', { where: { file: target } });
    }
    if (!hasAuditTables(db)) {
      throw new StudioError('AUDIT_EXPORT_FAILED', `${full} has no audit trail yet.`, 'Open the project once with this version of the studio; it starts the audit trail.', { where: { file: full } });
    }
    const result = readingLog(db, 'audit-export', options).export(options.format, target);
    const lines = [`Wrote ${result.entries} audit entr${result.entries === 1 ? 'y' : 'ies'} to ${result.file}.`];
    if (!result.verify.valid) lines.push(`Warning: the trail is not intact; the first bad entry is ${result.verify.firstBadEntry} (${result.verify.reason}).`);
    return {
      result,
      document: { file: result.file, format: result.format, entries: result.entries, valid: result.verify.valid, firstBadEntry: result.verify.firstBadEntry },
      lines,
      exitCode: 0,
    };
  } finally {
    close();
  }
}

/**
 * Opens a project file for reading after the same checks the project opener makes before writing,
 * without ever writing into its folder (no lock file, no -wal/-shm sidecars), so a good file in a
 * read-only folder (a CD, a write-protected share, a folder of evidence) is read, and reading
 * never leaves files with personal data behind.
 *
 * Why not simply open it read-only: a project is in WAL mode, and SQLite reads a WAL database only
 * through its -shm (and -wal) files. When they do not exist, a read-only connection creates them
 * (a write, leaving 0644 sidecars next to the project), or, in a read-only folder, fails
 * (SQLITE_READONLY_DIRECTORY), which was reported as a damaged project. The `immutable` URI
 * parameter would avoid them, but this SQLite build takes no URI file names. So:
 * - A -wal and a -shm beside it (another studio has the project open, or one crashed): opened in
 *   place, read-only. SQLite reads through them, so it sees a consistent snapshot even while the
 *   other studio writes, and it creates nothing.
 * - Otherwise, with no -wal or an empty one, every committed change is in the main file. It is
 *   read into memory and opened from there (`new Database(buffer)`), with the header's WAL marker
 *   (bytes 18-19) set back to the rollback-journal value, the only difference for a database whose
 *   WAL is empty. Nothing is written anywhere.
 * - Otherwise (a -wal with changes in it but no usable -shm: a crash's leftovers, say, in a
 *   read-only folder) SQLite must replay the -wal: the file and its -wal are copied into a private
 *   temporary folder (0700), read there, and removed.
 */
export function openForAuditReading(projectPath: string): { db: SqliteDatabase; full: string; close: () => void } {
  const full = resolve(projectPath);
  if (!existsSync(full)) {
    throw new StudioError('PROJECT_NOT_FOUND', `There is no project file at ${full}.`, 'Check the path of the project.');
  }
  if (!statSync(full).isFile() || statSync(full).size < 100 || readHead(full) !== 'SQLite format 3\u0000') {
    throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is not a studio project.`, 'Give the path of a .apstudio file. The file was not changed.');
  }
  let opened: { db: SqliteDatabase; cleanup: () => void };
  try {
    opened = openWithoutWriting(full);
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('PROJECT_UNREADABLE', `The studio could not read ${full}.`, 'Check that you may read the file and the folder it is in.', { cause: err });
  }
  const { db, cleanup } = opened;
  const close = () => {
    try {
      if (db.open) db.close();
    } finally {
      cleanup();
    }
  };
  try {
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is a SQLite database, but not a studio project.`, 'Give the path of a .apstudio file. The file was not changed.');
    }
  } catch (err) {
    close();
    if (err instanceof StudioError) throw err;
    throw new StudioError('PROJECT_CORRUPT', `${full} is damaged and cannot be read.`, 'Restore the project from a backup; the studio did not change the damaged file.', { cause: err });
  }
  return { db, full, close };
}

function readHead(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function openWithoutWriting(full: string): { db: SqliteDatabase; cleanup: () => void } {
  const wal = `${full}-wal`;
  const walHasContent = existsSync(wal) && statSync(wal).size > 0;
  if (existsSync(wal) && existsSync(`${full}-shm`)) {
    // Open by another studio (or left by a crash): read through its -wal and -shm, creating nothing.
    try {
      const db = openSqlite(full, { readonly: true, fileMustExist: true });
      try {
        db.pragma('schema_version', { simple: true }); // the first read is what opens the -wal and -shm
        return { db, cleanup: () => undefined };
      } catch (err) {
        db.close();
        throw err;
      }
    } catch {
      // A read-only folder where the -shm cannot be used: read a copy instead (below).
    }
  }
  if (!walHasContent) {
    const bytes = readFileSync(full);
    // Bytes 18 and 19: file format write/read version, 2 = WAL, 1 = rollback journal.
    if (bytes[18] === 2) bytes[18] = 1;
    if (bytes[19] === 2) bytes[19] = 1;
    return { db: openSqliteBuffer(bytes, { readonly: true }), cleanup: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'apstudio-audit-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'project.apstudio');
    copyFileSync(full, copy);
    copyFileSync(wal, `${copy}-wal`);
    return { db: openSqlite(copy, { readonly: true, fileMustExist: true }), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function hasAuditTables(db: SqliteDatabase): boolean {
  return db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('audit_log', 'audit_head')").pluck().get() === 2;
}

/**
 * No audit tables: fine for a project from before the audit trail existed, but a project whose
 * schema says it has one and does not has had it removed.
 */
function verifyWithoutTables(db: SqliteDatabase): AuditVerifyResult {
  const version = db.pragma('user_version', { simple: true }) as number;
  const none = { keyed: false, unkeyed: 0, unchecked: 0, checkpoint: false };
  if (version < securityMigration.version) return { valid: true, entries: 0, firstBadEntry: null, reason: null, ...none };
  return { valid: false, entries: 0, firstBadEntry: 1, reason: 'the audit trail (or the record of its last entry) was removed from the project file', ...none };
}
