import type { ForeignKeyInfo } from '../../../../shared/model/connection';
import { pickUniqueKey, type IndexInfo, type SqlStreamInfo } from '../sql/index-info';
import { formatNativeType, lengthOf, normalizeMssqlType, type MssqlColumn } from './mssql-types';

/**
 * The catalog queries, written for SQL Server 2008 R2 through 2022: only sys.* catalog views
 * and functions that 2008 R2 has (no STRING_AGG, OFFSET/FETCH or TRY_CONVERT). Each starts with
 * an `apstudio:` marker comment, which names the query in server traces and lets the TDS test
 * server recognise it. `@schema`/`@table` narrow a query to one object when given.
 *
 * Row estimates come from sys.partitions (heap or clustered index rows), which any user who can
 * see the table may read; sys.dm_db_partition_stats would need VIEW DATABASE STATE.
 */
const USER_OBJECTS = `o.type IN ('U', 'V') AND o.is_ms_shipped = 0`;
const ONE_OBJECT = ` AND s.name = @schema AND o.name = @table`;

export const CHECK_SQL = `/* apstudio:check */
SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
       CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
       CAST(DB_NAME() AS nvarchar(128)) AS database_name,
       (SELECT COUNT(*) FROM sys.objects AS o WHERE ${USER_OBJECTS}) AS object_count`;

export function tablesSql(oneObject: boolean): string {
  return `/* apstudio:discover-tables */
SELECT s.name AS schema_name, o.name AS object_name, o.type AS object_type,
       (SELECT SUM(p.rows) FROM sys.partitions AS p WHERE p.object_id = o.object_id AND p.index_id IN (0, 1)) AS row_estimate
FROM sys.objects AS o
JOIN sys.schemas AS s ON s.schema_id = o.schema_id
WHERE ${USER_OBJECTS}${oneObject ? ONE_OBJECT : ''}
ORDER BY s.name, o.name`;
}

export function columnsSql(oneObject: boolean): string {
  return `/* apstudio:discover-columns */
SELECT s.name AS schema_name, o.name AS object_name, c.column_id, c.name AS column_name,
       CASE WHEN t.is_user_defined = 0 THEN t.name ELSE COALESCE(TYPE_NAME(c.system_type_id), t.name) END AS base_type,
       t.name AS declared_type, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity, c.is_computed
FROM sys.columns AS c
JOIN sys.objects AS o ON o.object_id = c.object_id
JOIN sys.schemas AS s ON s.schema_id = o.schema_id
JOIN sys.types AS t ON t.user_type_id = c.user_type_id
WHERE ${USER_OBJECTS}${oneObject ? ONE_OBJECT : ''}
ORDER BY s.name, o.name, c.column_id`;
}

/** Indexes with their key columns; a filtered index does not make its columns unique. */
export function indexesSql(oneObject: boolean): string {
  return `/* apstudio:discover-indexes */
SELECT s.name AS schema_name, o.name AS object_name, i.name AS index_name, i.is_primary_key,
       CAST(CASE WHEN i.is_unique = 1 AND i.has_filter = 0 THEN 1 ELSE 0 END AS bit) AS is_unique,
       i.index_id, ic.key_ordinal, c.name AS column_name, c.is_nullable
FROM sys.indexes AS i
JOIN sys.objects AS o ON o.object_id = i.object_id
JOIN sys.schemas AS s ON s.schema_id = o.schema_id
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE ${USER_OBJECTS} AND i.type IN (1, 2) AND i.is_hypothetical = 0 AND i.is_disabled = 0${oneObject ? ONE_OBJECT : ''}
ORDER BY s.name, o.name, i.index_id, ic.key_ordinal`;
}

export const FOREIGN_KEYS_SQL = `/* apstudio:discover-foreign-keys */
SELECT ps.name AS schema_name, po.name AS object_name, fk.name AS constraint_name, fkc.constraint_column_id,
       pc.name AS column_name, rs.name AS ref_schema_name, ro.name AS ref_object_name, rc.name AS ref_column_name
FROM sys.foreign_keys AS fk
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.objects AS po ON po.object_id = fk.parent_object_id
JOIN sys.schemas AS ps ON ps.schema_id = po.schema_id
JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.objects AS ro ON ro.object_id = fk.referenced_object_id
JOIN sys.schemas AS rs ON rs.schema_id = ro.schema_id
JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE po.is_ms_shipped = 0
ORDER BY ps.name, po.name, fk.name, fkc.constraint_column_id`;

export interface TableRow {
  schema_name: string;
  object_name: string;
  object_type: string;
  row_estimate: number | string | null;
}

export interface ColumnRow {
  schema_name: string;
  object_name: string;
  column_id: number;
  column_name: string;
  base_type: string;
  declared_type: string;
  max_length: number;
  precision: number;
  scale: number;
  is_nullable: boolean;
  is_identity: boolean;
  is_computed: boolean;
}

export interface IndexRow {
  schema_name: string;
  object_name: string;
  index_name: string;
  is_primary_key: boolean;
  is_unique: boolean;
  index_id: number;
  key_ordinal: number;
  column_name: string;
  is_nullable: boolean;
}

export interface ForeignKeyRow {
  schema_name: string;
  object_name: string;
  constraint_name: string;
  constraint_column_id: number;
  column_name: string;
  ref_schema_name: string;
  ref_object_name: string;
  ref_column_name: string;
}

/** One table or view with everything a read needs to know about it. */
export interface MssqlTable {
  schema: string;
  name: string;
  stream: string;
  columns: MssqlColumn[];
  primaryKey: string[];
  indexes: IndexInfo[];
  /** The primary key, else the narrowest unique index over NOT NULL columns. */
  uniqueKey: string[];
}

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

/** Groups catalog rows by object (rows come ordered by schema, object, then position). */
export function assembleTables(columns: ColumnRow[], indexes: IndexRow[]): Map<string, MssqlTable> {
  const tables = new Map<string, MssqlTable>();
  for (const r of columns) {
    const k = key(r.schema_name, r.object_name);
    let t = tables.get(k);
    if (!t) {
      t = { schema: r.schema_name, name: r.object_name, stream: `${r.schema_name}.${r.object_name}`, columns: [], primaryKey: [], indexes: [], uniqueKey: [] };
      tables.set(k, t);
    }
    t.columns.push({
      name: r.column_name,
      baseType: r.base_type,
      declaredType: r.declared_type,
      maxLength: Number(r.max_length),
      precision: Number(r.precision),
      scale: Number(r.scale),
      nullable: Boolean(r.is_nullable),
    });
  }
  for (const r of indexes) {
    const t = tables.get(key(r.schema_name, r.object_name));
    if (!t) continue;
    let index = t.indexes.find((i) => i.name === r.index_name);
    if (!index) {
      index = { name: r.index_name, columns: [], unique: Boolean(r.is_unique), primary: Boolean(r.is_primary_key) };
      t.indexes.push(index);
    }
    index.columns.push(r.column_name);
  }
  for (const t of tables.values()) {
    t.primaryKey = t.indexes.find((i) => i.primary)?.columns ?? [];
    const notNull = new Set(t.columns.filter((c) => !c.nullable).map((c) => c.name));
    t.uniqueKey = pickUniqueKey(t.primaryKey, t.indexes, (c) => notNull.has(c));
  }
  return tables;
}

/** The discovered streams, in catalog order. */
export function toStreamInfos(tableRows: TableRow[], tables: Map<string, MssqlTable>, foreignKeys: ForeignKeyRow[]): SqlStreamInfo[] {
  const fksByTable = new Map<string, ForeignKeyInfo[]>();
  let current: { name: string; table: string; fk: ForeignKeyInfo } | null = null;
  for (const r of foreignKeys) {
    const k = key(r.schema_name, r.object_name);
    if (!current || current.name !== r.constraint_name || current.table !== k) {
      current = { name: r.constraint_name, table: k, fk: { columns: [], refStream: `${r.ref_schema_name}.${r.ref_object_name}`, refColumns: [], declared: true } };
      const list = fksByTable.get(k) ?? [];
      list.push(current.fk);
      fksByTable.set(k, list);
    }
    current.fk.columns.push(r.column_name);
    current.fk.refColumns.push(r.ref_column_name);
  }
  return tableRows.map((r) => {
    const k = key(r.schema_name, r.object_name);
    const t = tables.get(k);
    const estimate = r.row_estimate === null || r.row_estimate === undefined ? null : Number(r.row_estimate);
    return {
      name: `${r.schema_name}.${r.object_name}`,
      columns: (t?.columns ?? []).map((c) => ({
        name: c.name,
        type: normalizeMssqlType(c.baseType),
        nativeType: formatNativeType(c),
        nullable: c.nullable,
        length: lengthOf(c),
        precision: ['decimal', 'numeric', 'money', 'smallmoney'].includes(c.baseType.toLowerCase()) ? c.precision : undefined,
        scale: ['decimal', 'numeric', 'money', 'smallmoney', 'datetime2', 'time', 'datetimeoffset'].includes(c.baseType.toLowerCase()) ? c.scale : undefined,
      })),
      primaryKey: t?.primaryKey ?? [],
      foreignKeys: fksByTable.get(k) ?? [],
      rowEstimate: estimate !== null && Number.isFinite(estimate) ? estimate : null,
      indexes: t?.indexes ?? [],
    };
  });
}
