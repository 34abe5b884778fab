import type { ColumnType } from '../../../../shared/model/connection';

/**
 * SQLite declares types loosely (type affinity), so the declared type is read the way SQLite
 * itself reads it, then refined by common names that legacy schemas use.
 */
export function normalizeSqliteType(declared: string): ColumnType {
  const t = declared.trim().toUpperCase();
  if (t === '') return 'unknown';
  if (/^(BOOL|BOOLEAN|BIT)\b/.test(t)) return 'boolean';
  if (/DATETIME|TIMESTAMP/.test(t)) return 'datetime';
  if (/^DATE\b/.test(t)) return 'date';
  if (/^TIME\b/.test(t)) return 'time';
  if (/^(DECIMAL|NUMERIC|MONEY)/.test(t)) return 'decimal';
  if (/INT/.test(t)) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'string';
  if (/BLOB/.test(t)) return 'binary';
  if (/REAL|FLOA|DOUB/.test(t)) return 'number';
  if (/JSON/.test(t)) return 'json';
  return 'unknown';
}

/** Quotes an identifier for SQLite; hostile names (quotes, semicolons, unicode) stay data. */
export function quoteSqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
