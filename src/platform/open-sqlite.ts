import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createOwnerOnlyFile } from './owner-only';

/**
 * Opens a SQLite file with better-sqlite3. Under Electron's utility process the Node build of
 * the native module has the wrong ABI, so the shell passes the path of an Electron build in
 * APSTUDIO_SQLITE_BINDING (docs/electron.md); plain Node (tests, CLI, web host) leaves it unset.
 *
 * A database this opens for writing that does not exist yet is first created empty and
 * owner-only (0600): SQLite would create it 0644, and it gives its -wal, -shm and -journal files
 * the main file's mode, so they are private too (docs/security.md).
 */
export function openSqlite(file: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Database.Database {
  const nativeBinding = process.env.APSTUDIO_SQLITE_BINDING || undefined;
  if (!options.readonly && !options.fileMustExist && isPlainPath(file) && !existsSync(file)) {
    try {
      createOwnerOnlyFile(file);
    } catch {
      // A missing folder or no write access: SQLite below reports it in its own words, as before.
    }
  }
  return new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.fileMustExist ?? false, nativeBinding });
}

/** False for SQLite's special names: in-memory and temporary databases, and `file:` URIs. */
function isPlainPath(file: string): boolean {
  return file !== '' && file !== ':memory:' && !file.startsWith('file:');
}

/**
 * Opens an in-memory copy of a database from its bytes (SQLite deserialize): nothing is read or
 * written on disk afterwards. Read-only unless told otherwise.
 */
export function openSqliteBuffer(bytes: Buffer, options: { readonly?: boolean } = {}): Database.Database {
  const nativeBinding = process.env.APSTUDIO_SQLITE_BINDING || undefined;
  return new Database(bytes, { readonly: options.readonly ?? true, nativeBinding });
}

export type SqliteDatabase = Database.Database;
