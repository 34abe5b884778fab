import type { ConnectionKind } from '../../../../shared/model/connection';

/** How each kind of source is named on screen. */
export const KIND_LABELS: Record<ConnectionKind, string> = {
  sqlite: 'SQLite',
  mysql: 'MySQL / MariaDB',
  postgres: 'PostgreSQL',
  mssql: 'SQL Server',
  access: 'Access (.mdb/.accdb)',
  dbf: 'dBase / FoxPro (.dbf)',
  csv: 'CSV / TSV',
  excel: 'Excel (.xlsx)',
  json: 'JSON / NDJSON',
  xml: 'XML',
  folder: 'Folder of files',
  zip: 'Zip archive',
  rest: 'REST API (JSON; OneRoster 1.2)',
};

/** Kinds reached over the network, where a password is the usual way in. */
const SERVER_KINDS: ReadonlySet<ConnectionKind> = new Set(['mysql', 'postgres', 'mssql']);

/** Kinds whose files never carry a password (an Access, Excel or zip file may). */
const PASSWORDLESS_KINDS: ReadonlySet<ConnectionKind> = new Set(['sqlite', 'csv', 'json', 'xml', 'dbf', 'folder']);

/** False for sources that cannot ask for a password: no "No password / Enter password" for them. */
export function canHavePassword(kind: ConnectionKind): boolean {
  return !PASSWORDLESS_KINDS.has(kind);
}

/** How to turn on TLS, said for the server in question (SQL Server's setting is not MariaDB's). */
export const TLS_HOWTO: Partial<Record<ConnectionKind, string>> = {
  mssql: 'SQL Server: encrypt=true',
  mysql: 'MySQL / MariaDB: require_secure_transport=ON on the server, ssl=true in the location',
  postgres: 'PostgreSQL: ssl = on on the server, sslmode=require in the location',
};

/** True for database servers (as opposed to files and folders, which rarely have a password). */
export function isServerKind(kind: ConnectionKind): boolean {
  return SERVER_KINDS.has(kind);
}
