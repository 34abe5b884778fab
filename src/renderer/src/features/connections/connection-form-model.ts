import type { ConnectionKind } from '../../../../shared/model/connection';
import { MASK } from './masking';

/**
 * The "fill in the fields" side of the connection form: which fields each kind of source has, and
 * the location string built from them, in the form the engine's `parseSourceLocation` reads
 * (`mysql://user:password@host:port/db?option=…`, `sqlite:/path`, or a path).
 */

export type DatabaseKind = 'mysql' | 'postgres' | 'mssql';
export type FileKind = Exclude<ConnectionKind, DatabaseKind>;

export const DATABASE_KINDS: readonly DatabaseKind[] = ['mysql', 'postgres', 'mssql'];
export const FILE_KINDS: readonly FileKind[] = ['sqlite', 'access', 'dbf', 'csv', 'excel', 'json', 'xml', 'folder', 'zip'];

export function isDatabaseKind(kind: ConnectionKind): kind is DatabaseKind {
  return (DATABASE_KINDS as readonly string[]).includes(kind);
}

/** The port each server listens on unless it was changed. */
export const DEFAULT_PORTS: Record<DatabaseKind, number> = { mysql: 3306, postgres: 5432, mssql: 1433 };

const SCHEMES: Record<DatabaseKind, string> = { mysql: 'mysql', postgres: 'postgres', mssql: 'mssql' };

/** PostgreSQL `sslmode` values (libpq's words); the first is the engine's default. */
export const POSTGRES_SSL_MODES = [
  { value: 'prefer', label: 'prefer — encrypt when the server offers it (default)' },
  { value: 'require', label: 'require — always encrypt' },
  { value: 'verify-full', label: 'verify-full — encrypt, check certificate and host name' },
  { value: 'verify-ca', label: 'verify-ca — encrypt, check the certificate but not the host name' },
  { value: 'disable', label: 'disable — never encrypt' },
] as const;

/** MySQL/MariaDB `ssl-mode` values (MySQL's words); the first is the engine's default. */
export const MYSQL_SSL_MODES = [
  { value: 'PREFERRED', label: 'PREFERRED — encrypt when the server offers it (default)' },
  { value: 'REQUIRED', label: 'REQUIRED — always encrypt' },
  { value: 'VERIFY_IDENTITY', label: 'VERIFY_IDENTITY — encrypt, check certificate and host name' },
  { value: 'VERIFY_CA', label: 'VERIFY_CA — encrypt, check the certificate but not the host name' },
  { value: 'DISABLED', label: 'DISABLED — never encrypt' },
] as const;

/** What the fields of a database connection hold. The password is not here: it is never kept in state. */
export interface DatabaseFields {
  host: string;
  port: string;
  database: string;
  user: string;
  /** PostgreSQL `sslmode` / MySQL `ssl-mode`; '' for the default. */
  sslMode: string;
  /** SQL Server only. */
  instance: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  allowLegacyTls: boolean;
  authentication: 'sql' | 'ntlm';
  domain: string;
}

export function emptyDatabaseFields(kind: DatabaseKind): DatabaseFields {
  return {
    host: '',
    port: String(DEFAULT_PORTS[kind]),
    database: '',
    user: '',
    sslMode: '',
    instance: '',
    encrypt: true,
    trustServerCertificate: false,
    allowLegacyTls: false,
    authentication: 'sql',
    domain: '',
  };
}

/** `SERVER\SQLEXPRESS` is how SQL Server tools name a named instance: split it into host and instance. */
function hostAndInstance(kind: DatabaseKind, fields: DatabaseFields): { host: string; instance: string } {
  const host = fields.host.trim();
  const instance = fields.instance.trim();
  const slash = host.indexOf('\\');
  if (kind === 'mssql' && slash >= 0) return { host: host.slice(0, slash), instance: instance || host.slice(slash + 1) };
  return { host, instance: kind === 'mssql' ? instance : '' };
}

/** The options of the connection string, in a stable order; defaults are left out. */
function databaseOptions(kind: DatabaseKind, fields: DatabaseFields, instance: string): URLSearchParams {
  const params = new URLSearchParams();
  if (kind === 'postgres' && fields.sslMode) params.set('sslmode', fields.sslMode);
  if (kind === 'mysql' && fields.sslMode) params.set('ssl-mode', fields.sslMode);
  if (kind === 'mssql') {
    if (instance) params.set('instance', instance);
    if (!fields.encrypt) params.set('encrypt', 'false');
    if (fields.allowLegacyTls) params.set('allowLegacyTls', 'true');
    if (fields.authentication === 'ntlm') {
      params.set('authentication', 'ntlm');
      params.set('domain', fields.domain.trim());
    }
  }
  if (fields.trustServerCertificate) params.set('trustServerCertificate', 'true');
  return params;
}

/**
 * `mysql://user:password@host:3306/school?ssl-mode=REQUIRED`. User, password and database are
 * URL-encoded, so `p@ss:w/rd` survives the trip; an IPv6 address gets its brackets. A named SQL
 * Server instance finds its port through SQL Server Browser, so no port is written with it.
 */
export function buildDatabaseLocation(kind: DatabaseKind, fields: DatabaseFields, password: string): string {
  const { host, instance } = hostAndInstance(kind, fields);
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const port = fields.port.trim();
  const portPart = port && !instance ? `:${port}` : '';
  const user = fields.user.trim();
  const credentials = user || password ? `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@` : '';
  const query = databaseOptions(kind, fields, instance).toString();
  return `${SCHEMES[kind]}://${credentials}${hostPart}${portPart}/${encodeURIComponent(fields.database.trim())}${query ? `?${query}` : ''}`;
}

/** The location as it may be shown while typing: the password, when there is one, as dots. */
export function previewDatabaseLocation(kind: DatabaseKind, fields: DatabaseFields, hasPassword: boolean): string {
  // A NUL stands in for the password; it encodes to %00, which nothing else in the string can produce.
  return buildDatabaseLocation(kind, fields, hasPassword ? '\u0000' : '').replace('%00', MASK);
}

/** A file's location: SQLite as `sqlite:` + path (any extension); every other kind the path as it is. */
export function buildFileLocation(kind: FileKind, path: string): string {
  const trimmed = path.trim();
  return kind === 'sqlite' && !/^sqlite:/i.test(trimmed) ? `sqlite:${trimmed}` : trimmed;
}

/** What is still missing before a database connection can be added, in words for the form. */
export function missingDatabaseFields(kind: DatabaseKind, fields: DatabaseFields): string[] {
  const missing: string[] = [];
  if (!fields.host.trim()) missing.push('the server (host)');
  if (!fields.database.trim()) missing.push('the database');
  if (kind === 'mssql' && !fields.user.trim()) missing.push('the user');
  if (kind === 'mssql' && fields.authentication === 'ntlm' && !fields.domain.trim()) missing.push('the Windows domain');
  return missing;
}

/** A port the form cannot use, explained; null when it is fine (or empty, for the default). */
export function portProblem(port: string): string | null {
  const text = port.trim();
  if (text === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 65_535 ? null : 'Enter a port number from 1 to 65535.';
}

/**
 * The choices that make the link less safe, each in words: no encryption, certificate checks
 * off, old TLS. Shown as a warning beside the options so the choice is visible, never silent.
 */
export function lessSafeChoices(kind: DatabaseKind, fields: DatabaseFields): string[] {
  const warnings: string[] = [];
  if ((kind === 'postgres' && fields.sslMode === 'disable') || (kind === 'mysql' && fields.sslMode === 'DISABLED') || (kind === 'mssql' && !fields.encrypt)) {
    warnings.push('Encryption is off: passwords and pupils’ data cross the network readable.');
  }
  if (fields.trustServerCertificate) {
    warnings.push('Certificate checks are off: another machine could pretend to be the server and read everything.');
  }
  if (kind === 'mssql' && fields.allowLegacyTls) {
    warnings.push('Old TLS 1.0/1.1 is allowed: it has known weaknesses. Use it only for SQL Server 2008 R2 that cannot be updated.');
  }
  return warnings;
}

/** Example paths, to show what each kind expects. */
export const PATH_PLACEHOLDERS: Record<FileKind, string> = {
  sqlite: '/data/school.db',
  access: 'C:\\Data\\school.accdb',
  dbf: 'C:\\FoxPro\\PUPILS.DBF',
  csv: '/exports/pupils.csv',
  excel: '/exports/pupils.xlsx',
  json: '/exports/pupils.json',
  xml: '/exports/pupils.xml',
  folder: '/exports/2024-summer',
  zip: '/exports/oneroster.zip',
  // Not offered among the file kinds: a REST API is written as a connection string.
  rest: 'oneroster+https://CLIENT_ID@sis.example/ims/oneroster/rosters/v1p2',
};
