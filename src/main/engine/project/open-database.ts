import Database from 'better-sqlite3';

/**
 * Opens a SQLite file with better-sqlite3. Under Electron's utility process the Node build of
 * the native module has the wrong ABI, so the shell passes the path of an Electron build in
 * APSTUDIO_SQLITE_BINDING (docs/electron.md); plain Node (tests, CLI, web host) leaves it unset.
 */
export function openSqlite(file: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Database.Database {
  const nativeBinding = process.env.APSTUDIO_SQLITE_BINDING || undefined;
  return new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.fileMustExist ?? false, nativeBinding });
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
