import type { ColumnInfo, ForeignKeyInfo } from '../../../../shared/model/connection';
import { pickUniqueKey, type IndexInfo, type SqlStreamInfo } from '../sql/index-info';
import type { TableShape } from '../sql/read-plan';
import { normalizeMySqlType, quoteMySqlIdent, valueKindOf, type MySqlValueKind } from './mysql-types';

/** Runs one catalog query (the connector adds the timeout and error mapping). */
export type MySqlQuery = <T>(sql: string, values?: unknown[]) => Promise<T[]>;

/** A table as a read needs it: the planner's shape and how each column's values are adjusted. */
export interface MySqlTableShape extends TableShape {
  kinds: Map<string, MySqlValueKind>;
}

interface TableRow {
  name: string;
  type: string;
  table_rows: number | string | null;
  data_length: number | string | null;
}

interface ColumnRow {
  tbl: string;
  name: string;
  data_type: string;
  column_type: string;
  is_nullable: string;
  max_length: number | string | null;
  num_precision: number | string | null;
  num_scale: number | string | null;
}

interface IndexRow {
  tbl: string;
  name: string;
  non_unique: number | string;
  col: string | null;
}

interface ForeignKeyRow {
  tbl: string;
  name: string;
  col: string;
  ref_schema: string;
  ref_table: string;
  ref_col: string;
}

/** Tables smaller than this get an exact count when information_schema says 0 or nothing. */
const COUNT_IF_SMALLER_THAN_BYTES = 16 * 1024 * 1024;

/**
 * Reads the database's catalog from information_schema in a handful of queries whatever the
 * number of tables. Stream names are table names (MySQL has no schemas inside a database).
 */
export async function discoverMySql(q: MySqlQuery, database: string, countRows: (from: string) => Promise<number | null>): Promise<SqlStreamInfo[]> {
  const tables = await q<TableRow>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_ROWS AS table_rows, DATA_LENGTH AS data_length
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
      ORDER BY TABLE_NAME`,
    [database],
  );
  const columns = await loadColumns(q, database, null);
  const indexes = await loadIndexes(q, database, null);
  const foreignKeys = await loadForeignKeys(q, database);
  const streams: SqlStreamInfo[] = [];
  for (const t of tables) {
    const idx = indexes.get(t.name) ?? [];
    streams.push({
      name: t.name,
      columns: (columns.get(t.name) ?? []).map((c) => c.info),
      primaryKey: idx.find((i) => i.primary)?.columns ?? [],
      foreignKeys: foreignKeys.get(t.name) ?? [],
      rowEstimate: await estimateRows(t, countRows),
      indexes: idx,
    });
  }
  return streams;
}

async function estimateRows(t: TableRow, countRows: (from: string) => Promise<number | null>): Promise<number | null> {
  if (t.type === 'VIEW') return null;
  const estimate = t.table_rows === null ? null : Number(t.table_rows);
  // InnoDB's TABLE_ROWS is a sampled estimate, often 0 for a table just loaded; small tables are counted.
  if ((estimate === null || estimate === 0) && Number(t.data_length ?? 0) < COUNT_IF_SMALLER_THAN_BYTES) return countRows(quoteMySqlIdent(t.name));
  return estimate;
}

/** The table a read, count or sample addresses, or null when the database has no such table or view. */
export async function mysqlTableShape(q: MySqlQuery, database: string, stream: string): Promise<MySqlTableShape | null> {
  const columns = (await loadColumns(q, database, stream)).get(stream);
  if (!columns?.length) return null;
  const idx = (await loadIndexes(q, database, stream)).get(stream) ?? [];
  const notNull = new Set(columns.filter((c) => !c.info.nullable).map((c) => c.info.name));
  return {
    stream,
    from: quoteMySqlIdent(stream),
    columns: columns.map((c) => ({ name: c.info.name, nullable: c.info.nullable })),
    uniqueKey: pickUniqueKey(idx.find((i) => i.primary)?.columns ?? [], idx, (c) => notNull.has(c)),
    kinds: new Map(columns.map((c) => [c.info.name, c.kind])),
  };
}

async function loadColumns(q: MySqlQuery, database: string, table: string | null): Promise<Map<string, { info: ColumnInfo; kind: MySqlValueKind }[]>> {
  const rows = await q<ColumnRow>(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, IS_NULLABLE AS is_nullable,
            CHARACTER_MAXIMUM_LENGTH AS max_length, NUMERIC_PRECISION AS num_precision, NUMERIC_SCALE AS num_scale
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ?${table === null ? '' : ' AND TABLE_NAME = ?'}
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    table === null ? [database] : [database, table],
  );
  const json = await jsonColumns(q, database, table);
  const byTable = new Map<string, { info: ColumnInfo; kind: MySqlValueKind }[]>();
  for (const r of rows) {
    const isJson = json.has(`${r.tbl}\u0000${r.name}`);
    const info: ColumnInfo = { name: r.name, type: normalizeMySqlType(r.data_type, r.column_type, isJson), nativeType: isJson && r.data_type.toLowerCase() !== 'json' ? 'json' : r.column_type, nullable: r.is_nullable === 'YES' };
    const type = r.data_type.toLowerCase();
    if (r.max_length !== null && /char|text|binary|blob/.test(type)) info.length = Number(r.max_length);
    if (r.num_precision !== null && (type === 'decimal' || type === 'numeric')) {
      info.precision = Number(r.num_precision);
      info.scale = Number(r.num_scale ?? 0);
    }
    const list = byTable.get(r.tbl) ?? [];
    list.push({ info, kind: valueKindOf(r.data_type, r.column_type, isJson) });
    byTable.set(r.tbl, list);
  }
  return byTable;
}

/**
 * MariaDB's JSON type is an alias of LONGTEXT guarded by a `json_valid(col)` check constraint;
 * that check is the only trace of it. MySQL (whose JSON is a real type) has no TABLE_NAME in
 * CHECK_CONSTRAINTS, and old servers have no such table: then there is nothing to find here.
 */
async function jsonColumns(q: MySqlQuery, database: string, table: string | null): Promise<Set<string>> {
  let rows: { tbl: string; clause: string }[];
  try {
    rows = await q<{ tbl: string; clause: string }>(
      `SELECT TABLE_NAME AS tbl, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?${table === null ? '' : ' AND TABLE_NAME = ?'}`,
      table === null ? [database] : [database, table],
    );
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (code === 'ER_BAD_FIELD_ERROR' || code === 'ER_UNKNOWN_TABLE' || code === 'ER_NO_SUCH_TABLE') return new Set();
    throw err;
  }
  const found = new Set<string>();
  for (const r of rows) {
    const m = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(String(r.clause).trim());
    if (m) found.add(`${r.tbl}\u0000${m[1].replace(/``/g, '`')}`);
  }
  return found;
}

async function loadIndexes(q: MySqlQuery, database: string, table: string | null): Promise<Map<string, IndexInfo[]>> {
  const rows = await q<IndexRow>(
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS col
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = ?${table === null ? '' : ' AND TABLE_NAME = ?'}
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    table === null ? [database] : [database, table],
  );
  const byTable = new Map<string, Map<string, IndexInfo & { hasExpression: boolean }>>();
  for (const r of rows) {
    const indexes = byTable.get(r.tbl) ?? new Map<string, IndexInfo & { hasExpression: boolean }>();
    const index = indexes.get(r.name) ?? { name: r.name, columns: [], unique: Number(r.non_unique) === 0, primary: r.name === 'PRIMARY', hasExpression: false };
    // A functional index part (MySQL 8) has no column name: it cannot order a read.
    if (r.col === null) index.hasExpression = true;
    index.columns.push(r.col ?? '(expression)');
    indexes.set(r.name, index);
    byTable.set(r.tbl, indexes);
  }
  const out = new Map<string, IndexInfo[]>();
  for (const [tbl, indexes] of byTable) {
    out.set(tbl, [...indexes.values()].map(({ hasExpression, ...i }) => ({ ...i, unique: i.unique && !hasExpression })));
  }
  return out;
}

async function loadForeignKeys(q: MySqlQuery, database: string): Promise<Map<string, ForeignKeyInfo[]>> {
  const rows = await q<ForeignKeyRow>(
    `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_SCHEMA AS ref_schema,
            REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_col
       FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    [database],
  );
  const byTable = new Map<string, Map<string, ForeignKeyInfo>>();
  for (const r of rows) {
    const fks = byTable.get(r.tbl) ?? new Map<string, ForeignKeyInfo>();
    // A reference into another database keeps its database name so it is not mistaken for a local table.
    const refStream = r.ref_schema === database ? r.ref_table : `${r.ref_schema}.${r.ref_table}`;
    const fk = fks.get(r.name) ?? { columns: [], refStream, refColumns: [], declared: true };
    fk.columns.push(r.col);
    fk.refColumns.push(r.ref_col);
    fks.set(r.name, fk);
    byTable.set(r.tbl, fks);
  }
  return new Map([...byTable].map(([tbl, fks]) => [tbl, [...fks.values()]]));
}
