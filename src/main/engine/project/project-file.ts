import { existsSync, accessSync, constants, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { PROJECT_EXTENSION } from '../../../shared/model/project';
import { LATEST_SCHEMA_VERSION, migrate } from './migrations';
import { openSqlite, type SqliteDatabase } from './open-database';
import { acquireProjectLock, type ProjectLock } from './project-lock';

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

/**
 * Creates a new project file. Refuses to overwrite anything: an existing path is an error.
 */
export function createProjectFile(path: string, app: string, meta: Record<string, string>): ProjectFile {
  const full = normalizeProjectPath(path);
  if (existsSync(full)) {
    throw new StudioError('PROJECT_EXISTS', `A file already exists at ${full}.`, 'Open it instead, or choose another name for the new project.');
  }
  const lock = acquireProjectLock(full, app);
  let db: SqliteDatabase | undefined;
  try {
    db = openSqlite(full);
    configure(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (const [k, v] of Object.entries(meta)) insert.run(k, v);
    })();
    const opened = db;
    return { path: full, db: opened, lock, close: () => closeProject(opened, lock) };
  } catch (err) {
    db?.close();
    lock.release();
    throw err;
  }
}

/**
 * Opens an existing project for writing. Before anything is written the file is checked: it
 * must exist, be readable, be SQLite, carry the studio's application id and not come from a
 * newer studio. A file failing a check is left untouched.
 */
export function openProjectFile(path: string, app: string): ProjectFile {
  const full = resolve(path);
  inspectBeforeOpen(full);
  const lock = acquireProjectLock(full, app);
  let db: SqliteDatabase | undefined;
  try {
    db = openSqlite(full, { fileMustExist: true });
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
    configure(db);
    migrate(db);
    const opened = db;
    return { path: full, db: opened, lock, close: () => closeProject(opened, lock) };
  } catch (err) {
    db?.close();
    lock.release();
    throw translateSqliteError(err, full);
  }
}

function inspectBeforeOpen(full: string): void {
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
}

function translateSqliteError(err: unknown, full: string): unknown {
  if (err instanceof StudioError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StudioError('PROJECT_CORRUPT', `${full} is damaged and cannot be read (${code}).`, 'Restore the project from a backup; the studio did not change the damaged file.', { cause: err });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StudioError('PROJECT_IN_USE', `${full} is locked by another program.`, 'Close the other program that has the project open and try again.', { cause: err });
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
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
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
