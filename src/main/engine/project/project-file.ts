import { existsSync, accessSync, closeSync, constants, fsyncSync, openSync, readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { PROJECT_EXTENSION } from '../../../shared/model/project';
import { LATEST_SCHEMA_VERSION, migrate } from './migrations';
import { openSqlite, type SqliteDatabase } from '../../../platform/open-sqlite';
import { acquireProjectLock, type ProjectLock } from './project-lock';
import { publishWithoutReplacing, readableByOthersWarning } from '../../../platform/owner-only';

/** SQLite `application_id` that marks a file as a studio project ("APST"). */
export const APPLICATION_ID = 0x41505354;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** An open project file: the database, its write lock, and where it lives. */
export interface ProjectFile {
  path: string;
  db: SqliteDatabase;
  lock: ProjectLock;
  close(): void;
}

/** Options of opening a project; injectable so tests can watch the warnings. */
export interface OpenProjectOptions {
  /** Told when the project can be read by other accounts; defaults to a process warning (the engine log). */
  warn?: (message: string) => void;
  /** Permission check overrides (tests of the Windows branch). */
  platform?: NodeJS.Platform;
}

/** The step a project being created has reached; tests crash the process at each one. */
export type ProjectBuildStep = 'draft-created' | 'draft-filled' | 'draft-closed' | 'published';

/**
 * Creates a new project file. Refuses to overwrite anything: an existing path is an error.
 * Creation is atomic, see {@link buildProjectFile}.
 */
export function createProjectFile(path: string, app: string, meta: Record<string, string>): ProjectFile {
  const draft = beginDraft(path, app, meta);
  return draft.publish();
}

/**
 * Creates a new project file and fills it (`fill` adds connections, mappings, a target…) before
 * it appears under its name: the project is built beside it (`<name>.partial`, owner-only) while
 * the project's lock is held, and renamed into place only when complete. A process killed at any
 * point leaves either no project (the next attempt starts again, taking over the dead process's
 * lock and discarding its draft) or the finished one, never a half-made project that later
 * fails to run.
 */
export async function buildProjectFile(
  path: string,
  app: string,
  meta: Record<string, string>,
  fill: (draft: ProjectFile) => Promise<void> | void,
  onStep: (step: ProjectBuildStep) => void = () => undefined,
): Promise<ProjectFile> {
  const draft = beginDraft(path, app, meta);
  try {
    onStep('draft-created');
    await fill(draft.file);
    onStep('draft-filled');
  } catch (err) {
    draft.abandon();
    throw err;
  }
  return draft.publish(onStep);
}

interface Draft {
  /** The draft as a project file (its `path` is the final name; `close` closes the draft only). */
  file: ProjectFile;
  publish(onStep?: (step: ProjectBuildStep) => void): ProjectFile;
  abandon(): void;
}

function beginDraft(path: string, app: string, meta: Record<string, string>): Draft {
  const full = normalizeProjectPath(path);
  refuseExisting(full);
  refuseMissingFolder(full);
  const lock = acquireProjectLock(full, app);
  const partial = draftPathFor(full);
  let db: SqliteDatabase | undefined;
  try {
    // Under the lock: whatever draft is there was left by a process that died.
    removeDraft(partial);
    refuseExisting(full);
    db = openSqlite(partial);
    configure(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const opened = db;
    opened.transaction(() => {
      for (const [k, v] of Object.entries(meta)) insert.run(k, v);
    })();
    const abandon = () => {
      if (opened.open) opened.close();
      removeDraft(partial);
      lock.release();
    };
    return {
      file: { path: full, db: opened, lock, close: () => opened.close() },
      abandon,
      publish: (onStep = () => undefined) => {
        try {
          // The published file travels alone: a rollback journal empties the WAL into it first.
          opened.pragma('journal_mode = DELETE');
          opened.close();
          syncToDisk(partial);
          onStep('draft-closed');
          publishWithoutReplacing(partial, full, 'Open it instead, or choose another name for the new project.');
          onStep('published');
          return openLocked(full, lock);
        } catch (err) {
          abandon();
          throw err instanceof StudioError && err.code === 'FILE_EXISTS' ? projectExists(full) : err;
        }
      },
    };
  } catch (err) {
    db?.close();
    removeDraft(partial);
    lock.release();
    throw err;
  }
}

/** Flushes the finished draft, so a power cut right after it gets its name cannot leave it empty. */
function syncToDisk(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Where a project is built before it gets its name. */
export function draftPathFor(full: string): string {
  return `${full}.partial`;
}

function removeDraft(partial: string): void {
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true });
}

function refuseExisting(full: string): void {
  if (existsSync(full)) throw projectExists(full);
}

/** A new project goes into a folder that exists (otherwise the lock file fails with a misleading "not writable"). */
function refuseMissingFolder(full: string): void {
  const folder = dirname(full);
  if (existsSync(folder)) return;
  throw new StudioError('PROJECT_NOT_FOUND', `The folder ${folder} does not exist, so the project cannot be created there.`, 'Create the folder first, or choose a folder that exists.', {
    where: { file: full },
  });
}

function projectExists(full: string): StudioError {
  return new StudioError('PROJECT_EXISTS', `A file already exists at ${full}.`, 'Open it instead, or choose another name for the new project.', { where: { file: full } });
}

/**
 * Opens an existing project for writing. Before anything is written the file is checked: it
 * must exist, be readable, be SQLite, carry the studio's application id and not come from a
 * newer studio. A file failing a check is left untouched. A project other accounts can read is
 * opened with a warning (it holds pupils' personal data).
 */
export function openProjectFile(path: string, app: string, options: OpenProjectOptions = {}): ProjectFile {
  const full = resolve(path);
  const stat = inspectBeforeOpen(full);
  const loose = readableByOthersWarning(full, stat, 'The project', { platform: options.platform ?? process.platform });
  if (loose) (options.warn ?? ((m: string) => process.emitWarning(m, { code: 'APSTUDIO_PROJECT_PERMISSIONS' })))(loose);
  return openLocked(full, acquireProjectLock(full, app));
}

/**
 * How long opening waits for a write lock another program holds on the file before saying the
 * project is in use: long enough for a backup tool's or a viewer's brief write, short enough that
 * a program holding the project for good is reported at once.
 */
export const FOREIGN_LOCK_WAIT_MS = 1500;

/** Opens the checked file with the studio's lock already taken; on any failure the lock is released. */
function openLocked(full: string, lock: ProjectLock): ProjectFile {
  let db: SqliteDatabase | undefined;
  try {
    // A draft beside a finished project is what a creator killed after publishing left behind.
    removeDraft(draftPathFor(full));
    db = openSqlite(full, { fileMustExist: true });
    db.pragma(`busy_timeout = ${FOREIGN_LOCK_WAIT_MS}`);
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is a SQLite database, but not a studio project.`, 'To read it as a legacy source, add it on the Sources screen instead of opening it as a project.');
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StudioError(
        'PROJECT_TOO_NEW',
        `${full} was saved by a newer version of the studio (project format ${version}; this studio knows up to ${LATEST_SCHEMA_VERSION}).`,
        'Update the studio to the latest version to open this project. The file was not changed.',
      );
    }
    const integrity = db.pragma('quick_check', { simple: true }) as string;
    if (integrity !== 'ok') {
      throw new StudioError('PROJECT_CORRUPT', `${full} is damaged (${integrity}).`, 'Restore the project from a backup; the studio did not change the damaged file.');
    }
    // The lock file only keeps other studios out. Another program (a SQLite browser, a backup
    // tool) may hold SQLite's own write lock: find out now, not at the first write of a run.
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    configure(db);
    migrate(db);
    const opened = db;
    return { path: full, db: opened, lock, close: () => closeProject(opened, lock) };
  } catch (err) {
    try {
      db?.close();
    } finally {
      lock.release();
    }
    throw translateSqliteError(err, full);
  }
}

function inspectBeforeOpen(full: string): Stats {
  if (!existsSync(full)) {
    throw new StudioError('PROJECT_NOT_FOUND', `There is no project file at ${full}.`, 'Check the path, or create a new project with `academia-studio init <path>`.');
  }
  const stat = statSync(full);
  if (!stat.isFile()) {
    throw new StudioError('PROJECT_UNREADABLE', `${full} is a folder, not a project file.`, `Give the path of a ${PROJECT_EXTENSION} file.`);
  }
  try {
    accessSync(full, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new StudioError('PROJECT_UNREADABLE', `The studio may not read and write ${full}.`, 'Check the file permissions, or copy the project to a folder you own.', { cause: err });
  }
  if (stat.size === 0) {
    throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is empty, so it is not a studio project.`, 'Choose the right file, or create a new project.');
  }
  const head = readFileSync(full).subarray(0, 16).toString('latin1');
  if (head !== SQLITE_MAGIC) {
    throw new StudioError('PROJECT_NOT_STUDIO_FILE', `${full} is not a studio project (it is not a SQLite file).`, `Choose a ${PROJECT_EXTENSION} file. The file was not changed.`);
  }
  return stat;
}

function translateSqliteError(err: unknown, full: string): unknown {
  if (err instanceof StudioError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StudioError('PROJECT_CORRUPT', `${full} is damaged and cannot be read (${code}).`, 'Restore the project from a backup; the studio did not change the damaged file.', { cause: err });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StudioError('PROJECT_IN_USE', `${full} is locked by another program (not a studio).`, 'Close the other program that has the project open (a SQLite browser, a backup or sync tool) and try again.', { cause: err });
  }
  return err;
}

function configure(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function closeProject(db: SqliteDatabase, lock: ProjectLock): void {
  try {
    if (db.open) {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    }
  } finally {
    lock.release();
  }
}

/** Adds the project extension when the user left it off. */
export function normalizeProjectPath(path: string): string {
  const full = resolve(path);
  return extname(full) === '' ? `${full}${PROJECT_EXTENSION}` : full;
}

export function defaultProjectName(path: string): string {
  return basename(path, extname(path));
}
