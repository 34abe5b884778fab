import type { ColumnInfo, ForeignKeyInfo } from '../../../../shared/model/connection';
import { pickUniqueKey, type IndexInfo, type SqlStreamInfo } from '../sql/index-info';
import type { TableShape } from '../sql/read-plan';
import { normalizePgType, quotePgIdent } from './postgres-types';

/** Runs one catalog query (the connector adds the timeout and error mapping). */
export type PgQuery = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

interface RelationRow {
  oid: number;
  schema: string;
  name: string;
  kind: string;
  reltuples: number;
  bytes: number | null;
  child_tuples: number | null;
}

interface ColumnRow {
  oid: number;
  name: string;
  nullable: boolean;
  native: string;
  typname: string;
  category: string;
  typtype: string;
  typmod: number;
}

interface IndexRow {
  oid: number;
  name: string;
  primary: boolean;
  unique: boolean;
  columns: (string | null)[];
}

interface ForeignKeyRow {
  oid: number;
  columns: string[];
  ref_schema: string;
  ref_table: string;
  ref_columns: string[];
}

/** Tables, partitioned tables, views, materialized views and foreign tables outside system schemas. */
const USER_RELATIONS = `c.relkind IN ('r','p','v','m','f') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** Tables smaller than this get an exact count when the planner has no estimate yet. */
const COUNT_IF_SMALLER_THAN_BYTES = 16 * 1024 * 1024;

/**
 * Reads the catalog in five queries whatever the number of tables. Partitions are left out
 * (their parent is the stream), stream names are `schema.table`.
 */
export async function discoverPg(q: PgQuery, countRows: (from: string) => Promise<number | null>): Promise<SqlStreamInfo[]> {
  const relations = await q<RelationRow>(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS reltuples,
            CASE WHEN c.relkind IN ('r','m') THEN pg_relation_size(c.oid) END::int8 AS bytes,
            CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(ch.reltuples, 0)) FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid) END::float8 AS child_tuples
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_RELATIONS} AND NOT c.relispartition
      ORDER BY n.nspname, c.relname`,
  );
  if (!relations.length) return [];
  const oids = relations.map((r) => r.oid);
  // One after another: they share one connection, and pg runs one query at a time anyway.
  const columns = await loadColumns(q, oids);
  const indexes = await loadIndexes(q, oids);
  const foreignKeys = await loadForeignKeys(q, oids);
  const streams: SqlStreamInfo[] = [];
  for (const rel of relations) {
    const cols = columns.get(rel.oid) ?? [];
    const idx = indexes.get(rel.oid) ?? [];
    streams.push({
      name: `${rel.schema}.${rel.name}`,
      columns: cols,
      primaryKey: idx.find((i) => i.primary)?.columns ?? [],
      foreignKeys: foreignKeys.get(rel.oid) ?? [],
      rowEstimate: await estimateRows(rel, countRows),
      indexes: idx,
    });
  }
  return streams;
}

async function estimateRows(rel: RelationRow, countRows: (from: string) => Promise<number | null>): Promise<number | null> {
  if (rel.kind === 'p') return rel.child_tuples === null ? null : Math.round(rel.child_tuples);
  if (rel.kind !== 'r' && rel.kind !== 'm') return null;
  // reltuples is -1 until the table was first vacuumed or analyzed; small tables are then counted.
  if (rel.reltuples >= 0) return Math.round(rel.reltuples);
  if (rel.bytes !== null && rel.bytes < COUNT_IF_SMALLER_THAN_BYTES) return countRows(`${quotePgIdent(rel.schema)}.${quotePgIdent(rel.name)}`);
  return null;
}

/** The table a read or count addresses, or null when no such table or view exists. */
export async function pgTableShape(q: PgQuery, stream: string): Promise<TableShape | null> {
  const found = await q<{ oid: number; schema: string; name: string }>(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_RELATIONS} AND (n.nspname || '.' || c.relname = $1 OR (c.relname = $1 AND pg_table_is_visible(c.oid)))
      ORDER BY (n.nspname || '.' || c.relname = $1) DESC
      LIMIT 1`,
    [stream],
  );
  const rel = found[0];
  if (!rel) return null;
  const columns = await loadColumns(q, [rel.oid]);
  const indexes = await loadIndexes(q, [rel.oid]);
  const cols = columns.get(rel.oid) ?? [];
  const idx = indexes.get(rel.oid) ?? [];
  const notNull = new Set(cols.filter((c) => !c.nullable).map((c) => c.name));
  return {
    stream,
    from: `${quotePgIdent(rel.schema)}.${quotePgIdent(rel.name)}`,
    columns: cols.map((c) => ({
      name: c.name,
      nullable: c.nullable,
      // money's text depends on lc_monetary ('$1,234.50'); as numeric it is exact and plain.
      selectExpr: c.nativeType === 'money' ? `${quotePgIdent(c.name)}::numeric AS ${quotePgIdent(c.name)}` : undefined,
    })),
    uniqueKey: pickUniqueKey(idx.find((i) => i.primary)?.columns ?? [], idx, (c) => notNull.has(c)),
  };
}

async function loadColumns(q: PgQuery, oids: number[]): Promise<Map<number, ColumnInfo[]>> {
  const rows = await q<ColumnRow>(
    `SELECT a.attrelid::int8 AS oid, a.attname AS name, NOT a.attnotnull AS nullable, format_type(a.atttypid, a.atttypmod) AS native,
            bt.typname AS typname, bt.typcategory AS category, bt.typtype AS typtype,
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  const byOid = new Map<number, ColumnInfo[]>();
  for (const r of rows) {
    const col: ColumnInfo = { name: r.name, type: normalizePgType(r.typname, r.category, r.typtype), nativeType: r.native, nullable: r.nullable };
    if ((r.typname === 'varchar' || r.typname === 'bpchar') && r.typmod > 4) col.length = r.typmod - 4;
    if (r.typname === 'numeric' && r.typmod > 4) {
      col.precision = ((r.typmod - 4) >> 16) & 0xffff;
      col.scale = (r.typmod - 4) & 0xffff;
    }
    const list = byOid.get(r.oid) ?? [];
    list.push(col);
    byOid.set(r.oid, list);
  }
  return byOid;
}

async function loadIndexes(q: PgQuery, oids: number[]): Promise<Map<number, IndexInfo[]>> {
  const rows = await q<IndexRow>(
    `SELECT i.indrelid::int8 AS oid, ic.relname AS name, i.indisprimary AS primary,
            (i.indisunique AND i.indpred IS NULL AND i.indisvalid) AS unique,
            to_json(array(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                           WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)) AS columns
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::oid[])
      ORDER BY i.indrelid, ic.relname`,
    [oids],
  );
  const byOid = new Map<number, IndexInfo[]>();
  for (const r of rows) {
    // An expression index has a NULL column name: it cannot order a read, but it is still an index.
    const columns = r.columns.map((c) => c ?? '(expression)');
    const list = byOid.get(r.oid) ?? [];
    list.push({ name: r.name, columns, unique: r.unique && !r.columns.includes(null), primary: r.primary });
    byOid.set(r.oid, list);
  }
  return byOid;
}

async function loadForeignKeys(q: PgQuery, oids: number[]): Promise<Map<number, ForeignKeyInfo[]>> {
  const rows = await q<ForeignKeyRow>(
    `SELECT con.conrelid::int8 AS oid, rn.nspname AS ref_schema, rc.relname AS ref_table,
            to_json(array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)) AS columns,
            to_json(array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)) AS ref_columns
       FROM pg_constraint con
       JOIN pg_class rc ON rc.oid = con.confrelid
       JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.contype = 'f' AND con.conrelid = ANY($1::oid[])
      ORDER BY con.conrelid, con.conname`,
    [oids],
  );
  const byOid = new Map<number, ForeignKeyInfo[]>();
  for (const r of rows) {
    const list = byOid.get(r.oid) ?? [];
    list.push({ columns: r.columns, refStream: `${r.ref_schema}.${r.ref_table}`, refColumns: r.ref_columns, declared: true });
    byOid.set(r.oid, list);
  }
  return byOid;
}
