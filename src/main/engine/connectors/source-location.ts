import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { ConnectionKind } from '../../../shared/model/connection';
import { parseRestLocation, REST_SCHEME } from './rest/rest-location';

/** A source location split into what may be saved and the secret that may not. */
export interface ParsedLocation {
  kind: ConnectionKind;
  /** What is shown and saved: the location with any password replaced by `****`. */
  masked: string;
  config: Record<string, string | number | boolean>;
  password: string | null;
}

const FILE_KINDS: Record<string, ConnectionKind> = {
  '.db': 'sqlite',
  '.sqlite': 'sqlite',
  '.sqlite3': 'sqlite',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.tab': 'csv',
  '.psv': 'csv',
  '.xlsx': 'excel',
  '.xlsm': 'excel',
  // Old .xls goes to the Excel connector so the user gets its specific "save as .xlsx" advice.
  '.xls': 'excel',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
  '.xml': 'xml',
  '.mdb': 'access',
  '.accdb': 'access',
  '.dbf': 'dbf',
  '.zip': 'zip',
};

/**
 * Reads a connection string (`mysql://user:pass@host:port/db`, `postgres://…`, `mssql://…`,
 * `sqlite:/path`, a REST API as `oneroster+https://…` / `rest+https://…`) or a file/folder path
 * (docs/conventions.md). The password is split off so it is never saved with the connection.
 */
export function parseSourceLocation(location: string): ParsedLocation {
  const trimmed = location.trim();
  if (REST_SCHEME.test(trimmed)) return { kind: 'rest', ...parseRestLocation(trimmed, maskPassword) };
  const scheme = /^([a-z][a-z0-9+]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const file = resolve(trimmed.replace(/^sqlite:(\/\/)?/i, ''));
    return { kind: 'sqlite', masked: `sqlite:${file}`, config: { file }, password: null };
  }
  if (scheme === 'mysql' || scheme === 'mariadb' || scheme === 'postgres' || scheme === 'postgresql' || scheme === 'mssql' || scheme === 'sqlserver') {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch (err) {
      throw new StudioError('BAD_REQUEST', `"${maskPassword(trimmed)}" is not a valid connection string.`, 'Write it as scheme://user:password@host:port/database, e.g. mysql://sis:secret@127.0.0.1:3306/school.', { cause: err });
    }
    const kind: ConnectionKind = scheme.startsWith('postgres') ? 'postgres' : scheme === 'mssql' || scheme === 'sqlserver' ? 'mssql' : 'mysql';
    const password = url.password ? decodeURIComponent(url.password) : null;
    const config: Record<string, string | number | boolean> = {
      host: url.hostname,
      user: decodeURIComponent(url.username),
      database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    };
    if (url.port) config.port = Number(url.port);
    for (const [k, v] of url.searchParams) config[k] = v;
    return { kind, masked: maskPassword(trimmed), config, password };
  }
  const path = resolve(trimmed.replace(/^file:(\/\/)?/i, ''));
  if (!existsSync(path)) {
    throw new StudioError('SOURCE_NOT_FOUND', `There is no file or folder at ${path}.`, 'Check the path, or give a connection string such as mysql://user:password@host:3306/database.', { where: { file: path } });
  }
  if (statSync(path).isDirectory()) return { kind: 'folder', masked: path, config: { path }, password: null };
  const kind = FILE_KINDS[extname(path).toLowerCase()];
  if (!kind) {
    throw new StudioError('SOURCE_UNSUPPORTED', `The studio does not know how to read ${path}.`, 'Supported files: .csv/.tsv, .xlsx, .json/.ndjson, .xml, .mdb/.accdb, .dbf, .zip, .db/.sqlite. Save the data in one of these formats.', { where: { file: path } });
  }
  return { kind, masked: path, config: kind === 'sqlite' ? { file: path } : { path }, password: null };
}

const SERVER_SCHEMES = new Set(['mysql', 'mariadb', 'postgres', 'postgresql', 'mssql', 'sqlserver']);
const SERVER_KINDS = new Set<ConnectionKind>(['mysql', 'postgres', 'mssql', 'rest']);

/**
 * The file or folder a location names (absolute, as written), or null for a database server's
 * connection string. Read before anything touches the disk, so the grant check comes first and an
 * unpicked path learns nothing about what exists there.
 */
export function locationFilePath(location: string): string | null {
  const trimmed = location.trim();
  const scheme = /^([a-z][a-z0-9+]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return resolve(trimmed.replace(/^sqlite:(\/\/)?/i, ''));
  if ((scheme && SERVER_SCHEMES.has(scheme)) || REST_SCHEME.test(trimmed)) return null;
  return resolve(trimmed.replace(/^file:(\/\/)?/i, ''));
}

/**
 * The files or folders a saved connection may read: both `file` and `path` when present (connectors
 * differ in which one they prefer, so both are checked), none for a database server.
 */
export function connectionFilePaths(kind: ConnectionKind, config: Record<string, string | number | boolean>): string[] {
  if (SERVER_KINDS.has(kind)) return [];
  return [config.file, config.path].filter((p): p is string => typeof p === 'string' && p !== '').map((p) => resolve(p));
}

/** Replaces the password of a URL-like connection string with `****`. */
export function maskPassword(location: string): string {
  return location.replace(/^([a-z][a-z0-9+]*:\/\/[^:/@]*):([^@]*)@/i, '$1:****@');
}
