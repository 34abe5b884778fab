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
};

/** Kinds reached over the network, where a password is the usual way in. */
const SERVER_KINDS: ReadonlySet<ConnectionKind> = new Set(['mysql', 'postgres', 'mssql']);

/** True for database servers (as opposed to files and folders, which rarely have a password). */
export function isServerKind(kind: ConnectionKind): boolean {
  return SERVER_KINDS.has(kind);
}
