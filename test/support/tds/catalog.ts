import type { FixtureDatabase, FixtureTable } from './fixture-db';
import type { ResultColumn, ResultSet } from './query-engine';
import { ServerError } from './server-error';
import { maxLengthOf, type ParamValue, type SqlType, type SqlValue } from './sql-types';

/**
 * Answers the connector's catalog queries (named by their `apstudio:` marker) from the fixture
 * tables, in the columns and SQL Server types the real sys.* views would give. The connector's
 * catalog SQL joins sys.objects/schemas/columns/types/indexes/foreign_keys; this side does not
 * parse it, it checks the marker and the filter parameters the connector sends.
 */
export function answerCatalog(marker: string, db: FixtureDatabase, params: Map<string, ParamValue>, serverVersion: string): ResultSet {
  const tables = filtered(db.tables, params);
  switch (marker) {
    case 'apstudio:check':
      return {
        columns: [nv('product_version'), nv('edition'), nv('database_name'), c('object_count', { name: 'int' })],
        rows: [[serverVersion, 'Developer Edition (64-bit) — TDS test server', db.name, db.tables.length]],
      };
    case 'apstudio:discover-tables':
      return {
        columns: [nv('schema_name'), nv('object_name'), c('object_type', { name: 'char', length: 2 }), c('row_estimate', { name: 'bigint' }, true)],
        rows: sorted(tables).map((t) => [t.schema, t.name, t.kind === 'view' ? 'V ' : 'U ', t.kind === 'view' ? null : BigInt(t.rowCount)]),
      };
    case 'apstudio:discover-columns':
      return {
        columns: [
          nv('schema_name'), nv('object_name'), c('column_id', { name: 'int' }), nv('column_name'), nv('base_type'), nv('declared_type'),
          c('max_length', { name: 'smallint' }), c('precision', { name: 'tinyint' }), c('scale', { name: 'tinyint' }),
          c('is_nullable', { name: 'bit' }), c('is_identity', { name: 'bit' }), c('is_computed', { name: 'bit' }),
        ],
        rows: sorted(tables).flatMap((t) =>
          t.columns.map((col, i): SqlValue[] => [t.schema, t.name, i + 1, col.name, baseName(col.type), baseName(col.type), maxLengthOf(col.type), precisionOf(col.type), scaleOf(col.type), col.nullable, Boolean(col.identity), false]),
        ),
      };
    case 'apstudio:discover-indexes':
      return {
        columns: [nv('schema_name'), nv('object_name'), nv('index_name'), c('is_primary_key', { name: 'bit' }), c('is_unique', { name: 'bit' }), c('index_id', { name: 'int' }), c('key_ordinal', { name: 'tinyint' }), nv('column_name'), c('is_nullable', { name: 'bit' })],
        rows: sorted(tables).flatMap((t) => {
          const indexes = [
            ...(t.primaryKey.length ? [{ name: t.primaryKeyName ?? `PK_${t.name}`, columns: t.primaryKey, primary: true, unique: true }] : []),
            ...(t.indexes ?? []).map((i) => ({ ...i, primary: false })),
          ];
          return indexes.flatMap((k, idx) =>
            k.columns.map((colName, ord): SqlValue[] => [t.schema, t.name, k.name, k.primary, k.unique, idx + 1, ord + 1, colName, t.columns.find((x) => x.name === colName)!.nullable]),
          );
        }),
      };
    case 'apstudio:discover-foreign-keys':
      return {
        columns: [nv('schema_name'), nv('object_name'), nv('constraint_name'), c('constraint_column_id', { name: 'int' }), nv('column_name'), nv('ref_schema_name'), nv('ref_object_name'), nv('ref_column_name')],
        rows: sorted(tables).flatMap((t) =>
          [...t.foreignKeys]
            .sort((a, b) => (a.name < b.name ? -1 : 1))
            .flatMap((fk) => fk.columns.map((colName, i): SqlValue[] => [t.schema, t.name, fk.name, i + 1, colName, fk.refSchema, fk.refTable, fk.refColumns[i]])),
        ),
      };
    default:
      throw new ServerError(50000, `The test server does not know the catalog query ${marker}.`);
  }
}

/** The connector narrows catalog queries to one object with @schema and @table. */
function filtered(tables: FixtureTable[], params: Map<string, ParamValue>): FixtureTable[] {
  const schema = params.get('@schema')?.value;
  const table = params.get('@table')?.value;
  if (schema === undefined && table === undefined) return tables;
  return tables.filter((t) => (schema === undefined || t.schema.toLowerCase() === String(schema).toLowerCase()) && (table === undefined || t.name.toLowerCase() === String(table).toLowerCase()));
}

function sorted(tables: FixtureTable[]): FixtureTable[] {
  return [...tables].sort((a, b) => (a.schema.toLowerCase() + '\u0000' + a.name.toLowerCase() < b.schema.toLowerCase() + '\u0000' + b.name.toLowerCase() ? -1 : 1));
}

function nv(name: string): ResultColumn {
  return { name, type: { name: 'nvarchar', length: 128 }, nullable: false };
}

function c(name: string, type: SqlType, nullable = false): ResultColumn {
  return { name, type, nullable };
}

/** sys.types name of the base type (`nvarchar`, `decimal`, ...), without length. */
function baseName(t: SqlType): string {
  return t.name;
}

function precisionOf(t: SqlType): number {
  switch (t.name) {
    case 'tinyint':
      return 3;
    case 'smallint':
      return 5;
    case 'int':
      return 10;
    case 'bigint':
    case 'money':
      return 19;
    case 'smallmoney':
      return 10;
    case 'bit':
      return 1;
    case 'decimal':
    case 'numeric':
      return t.precision!;
    case 'float':
      return 53;
    case 'real':
      return 24;
    case 'datetime':
      return 23;
    case 'smalldatetime':
      return 16;
    case 'date':
      return 10;
    case 'time':
      return 8 + (t.scale! > 0 ? t.scale! + 1 : 0);
    case 'datetime2':
      return 19 + (t.scale! > 0 ? t.scale! + 1 : 0);
    case 'datetimeoffset':
      return 26 + (t.scale! > 0 ? t.scale! + 1 : 0);
    default:
      return 0;
  }
}

function scaleOf(t: SqlType): number {
  switch (t.name) {
    case 'decimal':
    case 'numeric':
    case 'time':
    case 'datetime2':
    case 'datetimeoffset':
      return t.scale!;
    case 'money':
    case 'smallmoney':
      return 4;
    case 'datetime':
      return 3;
    default:
      return 0;
  }
}
