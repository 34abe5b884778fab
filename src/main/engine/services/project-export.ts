import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ProjectExportResult } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { PROJECT_EXTENSION } from '../../../shared/model/project';
import type { ProjectSession } from '../core/project-session';
import { openSqlite, type SqliteDatabase } from '../../../platform/open-sqlite';
import { normalizeProjectPath } from '../project/project-file';
import { DEFAULT_TARGET } from '../project/project';
import type { AuditKeys } from '../security/audit-key';
import { AuditLog } from '../security/audit-log';
import { createOwnerOnlyFile, makeOwnerOnlyDir } from '../../../platform/owner-only';
import { describeSecretsForExport, scrubSecretsForExport, type SecretsFreeExportDescription } from '../security/export-redaction';

/** Meta key of an exported copy: when and by whom it was exported, and which secrets to re-enter. */
export const EXPORT_META_KEY = 'exportedWithoutSecrets';

/** What an exported copy records about itself under {@link EXPORT_META_KEY}. */
export interface ExportMeta {
  exportedAt: string;
  needsSecrets: ProjectExportResult['needsSecrets'];
}

export interface ProjectExportOptions {
  now: () => Date;
}

/**
 * Writes a hand-over copy of the open project to `destination`: a consistent snapshot (SQLite
 * `VACUUM INTO` reads one transaction, so a run writing meanwhile is either in or out), from which
 * every sealed secret is removed before the file appears under its name. The copy marks the
 * secrets as exported (opening it shows them as needing re-entry), forgets which process was
 * running what, and records which connections need their secrets again. Never overwrites a file,
 * and never writes onto the project itself.
 */
export function exportProject(session: ProjectSession, destination: string, options: ProjectExportOptions): ProjectExportResult {
  const source = session.project.path;
  const dest = normalizeProjectPath(destination);
  refuseOwnFiles(source, dest);
  if (existsSync(dest)) {
    throw new StudioError('FILE_EXISTS', `There is already a file at ${dest}; the export did not overwrite it.`, 'Choose another file name, or move the existing file away first.', { where: { file: dest } });
  }
  const folder = dirname(dest);
  try {
    makeOwnerOnlyDir(folder);
  } catch (err) {
    throw cannotWrite(dest, err);
  }
  // The snapshot is scrubbed under a hidden name and only then published: a crash midway never
  // leaves a file with sealed secrets under the name the user chose.
  const tmp = join(folder, `.${basename(dest)}.${process.pid}.${randomBytes(6).toString('hex')}.exporting`);
  let needsSecrets: ProjectExportResult['needsSecrets'];
  try {
    try {
      // SQLite would create the copy world-readable; an empty owner-only file is filled instead
      // (VACUUM INTO accepts an empty file), and its journal takes the same mode.
      createOwnerOnlyFile(tmp);
      session.project.db.prepare('VACUUM INTO ?').run(tmp);
    } catch (err) {
      throw cannotWrite(dest, err);
    }
    needsSecrets = prepareCopy(tmp, session.project.target().name, options.now(), session.audit.auditKeys);
    publish(tmp, dest);
  } finally {
    removeQuietly(tmp);
    removeQuietly(`${tmp}-journal`);
  }
  const bytes = statSync(dest).size;
  const reenter = needsSecrets.map((n) => `${n.kind} "${n.name}"`).join(', ');
  session.audit.append({
    action: 'project.export',
    object: 'project',
    summary: `Exported a copy without secrets to ${dest} (${bytes} bytes); ${needsSecrets.length === 0 ? 'no secrets to re-enter' : `secrets to re-enter: ${reenter}`}.`,
  });
  return { path: dest, bytes, needsSecrets };
}

/** Reads what an exported copy says about itself; null for a project that was never exported. */
export function readExportMeta(db: SqliteDatabase): ExportMeta | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(EXPORT_META_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.value) as ExportMeta;
  } catch {
    return null;
  }
}

/** Scrubs the snapshot in place and returns the secrets to re-enter. */
function prepareCopy(file: string, targetName: string, now: Date, auditKeys: AuditKeys | null): ProjectExportResult['needsSecrets'] {
  const db = openSqlite(file, { fileMustExist: true });
  try {
    // A rollback journal: the copy travels as one file, without -wal/-shm beside it.
    db.pragma('journal_mode = DELETE');
    const description = describeSecretsForExport(db);
    const needsSecrets = needsSecretsOf(description, targetName);
    db.transaction(() => {
      forgetRunningWork(db, now);
      clearTargetSecretFlag(db);
      const meta: ExportMeta = { exportedAt: now.toISOString(), needsSecrets };
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(EXPORT_META_KEY, JSON.stringify(meta));
      // Keyed like the project's own entries (no checkpoint: the copy's trail forks from the project's here).
      new AuditLog(db, { now: () => now, keys: auditKeys }).append({
        action: 'project.export',
        object: 'project',
        summary: `This copy was exported for hand-over without its secrets; ${needsSecrets.length === 0 ? 'none need to be entered again' : `enter again: ${needsSecrets.map((n) => `${n.kind} "${n.name}"`).join(', ')}`}.`,
      });
    })();
    // Last, because it vacuums: no freed page keeps old ciphertext or the cleared values.
    scrubSecretsForExport(db);
    return needsSecrets;
  } finally {
    db.close();
  }
}

function needsSecretsOf(description: SecretsFreeExportDescription, targetName: string): ProjectExportResult['needsSecrets'] {
  const list: ProjectExportResult['needsSecrets'] = description.connections.filter((c) => c.needsSecretReentry).map((c) => ({ kind: 'connection' as const, id: c.connectionId, name: c.name }));
  // Every secret not tied to a connection belongs to the Academia Pro side: client secret,
  // webhook signing secret, sandbox admin token. They are re-entered on the target's screen.
  if (description.otherSecrets.length > 0) list.push({ kind: 'target', id: 'target', name: targetName });
  return list;
}

/**
 * A run or assessment in progress at export time belongs to a process on this computer; in the
 * copy it is over (Interrupted, resumable), and no process id or host name travels with it.
 */
function forgetRunningWork(db: SqliteDatabase, now: Date): void {
  const at = now.toISOString();
  db.prepare("UPDATE runs SET status = 'Interrupted', ended_at = COALESCE(ended_at, ?) WHERE status IN ('Queued', 'Processing', 'Paused')").run(at);
  db.prepare('UPDATE runs SET host_pid = NULL, host_name = NULL').run();
  if (hasTable(db, 'assessments')) {
    db.prepare("UPDATE assessments SET status = 'Interrupted', ended_at = COALESCE(ended_at, ?) WHERE status = 'Processing'").run(at);
    db.prepare('UPDATE assessments SET host_pid = NULL').run();
  }
}

/** The target profile of the copy no longer has a usable secret. */
function clearTargetSecretFlag(db: SqliteDatabase): void {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'target'").get() as { value: string } | undefined;
  if (!row) return;
  let target: Record<string, unknown>;
  try {
    target = { ...DEFAULT_TARGET, ...(JSON.parse(row.value) as Record<string, unknown>) };
  } catch {
    return;
  }
  if (target.hasSecret !== true) return;
  db.prepare("UPDATE meta SET value = ? WHERE key = 'target'").run(JSON.stringify({ ...target, hasSecret: false }));
}

/** The project itself, or a file SQLite would read as part of it (its WAL, shared memory, journal, lock). */
function refuseOwnFiles(source: string, dest: string): void {
  const own = [source, `${source}-wal`, `${source}-shm`, `${source}-journal`, `${source}.lock`];
  const real = realOrSelf(dest);
  const realSource = realOrSelf(source);
  const ownReal = own.map((f) => f.replace(source, realSource));
  if (own.includes(dest) || ownReal.includes(real)) {
    throw new StudioError(
      'BAD_REQUEST',
      `The export would be written onto the open project itself (${dest}).`,
      `Choose a new file name for the copy, for example ${join(dirname(source), `${basename(source, PROJECT_EXTENSION)}-handover${PROJECT_EXTENSION}`)}.`,
      { where: { file: dest } },
    );
  }
}

/** The canonical path of a file (or of its folder, for a file not created yet). */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** Gives the finished copy its name, failing (never replacing) if the name was taken meanwhile. */
function publish(tmp: string, dest: string): void {
  try {
    linkSync(tmp, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new StudioError('FILE_EXISTS', `A file appeared at ${dest} while the export was being written; it was not overwritten.`, 'Choose another file name and export again.', { where: { file: dest } });
    }
    // File systems without hard links (FAT, some shares): check, then rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
      if (existsSync(dest)) throw new StudioError('FILE_EXISTS', `A file appeared at ${dest} while the export was being written; it was not overwritten.`, 'Choose another file name and export again.', { where: { file: dest } });
      try {
        renameSync(tmp, dest);
        return;
      } catch (renameErr) {
        throw cannotWrite(dest, renameErr);
      }
    }
    throw cannotWrite(dest, err);
  }
}

function cannotWrite(dest: string, err: unknown): StudioError {
  return new StudioError('PROJECT_READ_ONLY', `The studio could not write the export to ${dest}.`, 'Check that the folder exists and that you may write to it, and that the disk has room for a copy of the project.', { where: { file: dest }, cause: err });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already published under its real name, or never written.
  }
}

function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
