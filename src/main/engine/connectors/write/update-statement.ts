import { StudioError } from '../../../../shared/errors';

/** The source kinds a two-way sync can write back into. */
export const WRITABLE_KINDS = ['sqlite', 'mysql', 'postgres', 'mssql'] as const;
export type WritableKind = (typeof WRITABLE_KINDS)[number];

export function isWritableKind(kind: string): kind is WritableKind {
  return (WRITABLE_KINDS as readonly string[]).includes(kind);
}

/** One row's new values, by key. */
export interface RowUpdate {
  key: string | number;
  values: Record<string, unknown>;
}

/** A parameterized statement: text plus its values in placeholder order. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** How each dialect quotes a name and writes its n-th (1-based) placeholder. */
const DIALECTS: Record<WritableKind, { quote: (name: string) => string; placeholder: (n: number) => string; qualified: boolean }> = {
  sqlite: { quote: (n) => `"${n.replace(/"/g, '""')}"`, placeholder: () => '?', qualified: false },
  mysql: { quote: (n) => `\`${n.replace(/`/g, '``')}\``, placeholder: () => '?', qualified: false },
  postgres: { quote: (n) => `"${n.replace(/"/g, '""')}"`, placeholder: (i) => `$${i}`, qualified: true },
  mssql: { quote: (n) => `[${n.replace(/]/g, ']]')}]`, placeholder: (i) => `@p${i}`, qualified: true },
};

/**
 * `UPDATE <table> SET <col> = <p1>, … WHERE <key> = <pn>`: every value a parameter, every name
 * quoted for its dialect, so nothing the source or the target holds is ever read as SQL. The
 * stream names of PostgreSQL and SQL Server are `schema.table` and are quoted part by part; MySQL
 * and SQLite stream names are the table's own name (a dot in it stays part of the name).
 */
export function updateStatement(kind: WritableKind, table: string, keyColumn: string, update: RowUpdate): Statement {
  const d = DIALECTS[kind];
  const columns = Object.keys(update.values);
  if (!columns.length) throw new StudioError('INTERNAL', `An update of ${table} with no column to set was asked for.`, 'Report this; a write-back always sets at least one column.');
  const name = d.qualified && table.includes('.') ? [table.slice(0, table.indexOf('.')), table.slice(table.indexOf('.') + 1)].map(d.quote).join('.') : d.quote(table);
  const sets = columns.map((c, i) => `${d.quote(c)} = ${d.placeholder(i + 1)}`).join(', ');
  return { sql: `UPDATE ${name} SET ${sets} WHERE ${d.quote(keyColumn)} = ${d.placeholder(columns.length + 1)}`, params: [...columns.map((c) => update.values[c]), update.key] };
}

/**
 * SQL Server's batch as one text: the updates inside `SET XACT_ABORT ON; BEGIN TRANSACTION; …
 * COMMIT`, each row's parameters renamed `@p<row>_<n>` so one batch carries them all. Generated
 * and unit-tested; never run against a real SQL Server (the test server answers reads only).
 */
export function mssqlBatch(table: string, keyColumn: string, updates: RowUpdate[]): Statement {
  const parts: string[] = ['SET XACT_ABORT ON;', 'BEGIN TRANSACTION;'];
  const params: unknown[] = [];
  updates.forEach((u, row) => {
    const one = updateStatement('mssql', table, keyColumn, u);
    parts.push(`${one.sql.replace(/@p(\d+)/g, (_m, n: string) => `@p${row + 1}_${n}`)};`);
    // Each row must be found by its key, or THROW (with XACT_ABORT) rolls the whole batch back.
    parts.push("IF @@ROWCOUNT <> 1 THROW 50001, 'write-back: a row was not found by its key', 1;");
    params.push(...one.params);
  });
  parts.push('COMMIT TRANSACTION;');
  return { sql: parts.join('\n'), params };
}
