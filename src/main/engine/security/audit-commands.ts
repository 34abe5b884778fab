import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { openSqlite, type SqliteDatabase } from '../project/open-database';
import { APPLICATION_ID } from '../project/project-file';
import type { AuditVerifyResult } from './audit-chain';
import type { AuditExportFormat, AuditExportResult } from './audit-export';
import { AuditLog } from './audit-log';
import { securityMigration } from './security-migration';

/**
 * The core of `academia-studio audit verify|export <project>`: everything but argument parsing
 * and printing. The project is opened read-only and without its write lock, so the trail can be
 * checked while the desktop app has the project open, and checking never changes the file.
 */

/** What `audit verify` prints with --json (CONVENTIONS.md): exactly these three fields. */
export interface AuditVerifyDocument {
  valid: boolean;
  entries: number;
  firstBadEntry: number | null;
}

export interface AuditVerifyOutcome {
  result: AuditVerifyResult;
  document: AuditVerifyDocument;
  /** Lines for people (without --json). */
  lines: string[];
  /** 0 when the chain is whole, 1 when it is not (CONVENTIONS.md). */
  exitCode: 0 | 1;
}

export function auditVerifyCore(projectPath: string): AuditVerifyOutcome {
  const { db, full } = openForAuditReading(projectPath);
  try {
    const result = hasAuditTables(db) ? new AuditLog(db, { actor: 'audit-verify' }).verify() : verifyWithoutTables(db);
    const lines = result.valid
      ? [`The audit trail of ${full} is intact: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} checked.`]
      : [
          `The audit trail of ${full} has been tampered with: the first bad entry is ${result.firstBadEntry} (${result.reason}).`,
          'Keep this copy as evidence and compare it with a backup; entries before that one are intact.',
        ];
    return { result, document: { valid: result.valid, entries: result.entries, firstBadEntry: result.firstBadEntry }, lines, exitCode: result.valid ? 0 : 1 };
  } finally {
    db.close();
  }
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

export function auditExportCore(projectPath: string, options: AuditExportOptions): AuditExportOutcome {
  if (options.format !== 'csv' && options.format !== 'json') {
    throw new StudioError('USAGE', `"${String(options.format)}" is not an audit export format.`, 'Use --format csv or --format json.');
  }
  const { db, full } = openForAuditReading(projectPath);
  try {
    const target = resolve(options.out ?? join(dirname(full), `${basename(full, extname(full))}-audit.${options.format}`));
    if (!options.overwrite && existsSync(target)) {
      throw new StudioError('AUDIT_EXPORT_FAILED', `${target} already exists; it was not overwritten.`, 'Add --overwrite to replace it, or choose another file with --out.', { where: { file: target } });
    }
    if (!hasAuditTables(db)) {
      throw new StudioError('AUDIT_EXPORT_FAILED', `${full} has no audit trail yet.`, 'Open the project once with this version of the studio; it starts the audit trail.', { where: { file: full } });
    }
    const result = new AuditLog(db, { actor: 'audit-export' }).export(options.format, target);
    const lines = [`Wrote ${result.entries} audit entr${result.entries === 1 ? 'y' : 'ies'} to ${result.file}.`];
    if (!result.verify.valid) lines.push(`Warning: the trail is not intact; the first bad entry is ${result.verify.firstBadEntry} (${result.verify.reason}).`);
    return {
      result,
      document: { file: result.file, format: result.format, entries: result.entries, valid: result.verify.valid, firstBadEntry: result.verify.firstBadEntry },
      lines,
      exitCode: 0,
    };
  } finally {
    db.close();
  }
}

/** Opens a project file read-only after the same checks the project opener makes before writing. */
export function openForAuditReading(projectPath: string): { db: SqliteDatabase; full: string } {
  const full = resolve(projectPath);
  if (!existsSync(full)) {
    throw new StudioError('PROJECT_NOT_FOUND', `There is no project file at ${full}.`, 'Check the path of the project.');
  }
  if (!statSync(full).isFile() || statSync(full).size < 100 || readFileSync(full).subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
    throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is not a studio project.`, 'Give the path of a .apstudio file. The file was not changed.');
  }
  let db: SqliteDatabase;
  try {
    db = openSqlite(full, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StudioError('PROJECT_UNREADABLE', `The studio could not read ${full}.`, 'Check that you may read the file and the folder it is in.', { cause: err });
  }
  try {
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is a SQLite database, but not a studio project.`, 'Give the path of a .apstudio file. The file was not changed.');
    }
  } catch (err) {
    db.close();
    if (err instanceof StudioError) throw err;
    throw new StudioError('PROJECT_CORRUPT', `${full} is damaged and cannot be read.`, 'Restore the project from a backup; the studio did not change the damaged file.', { cause: err });
  }
  return { db, full };
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
  if (version < securityMigration.version) return { valid: true, entries: 0, firstBadEntry: null, reason: null };
  return { valid: false, entries: 0, firstBadEntry: 1, reason: 'the audit trail (or the record of its last entry) was removed from the project file' };
}
