import { canonicalValue, compareValues, parseSqlType, type SqlType, type SqlValue } from './sql-types';

/** A column of a fixture table, declared the way DDL declares it. */
export interface FixtureColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  identity?: boolean;
}

export interface FixtureForeignKey {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

/**
 * A table the test server serves. Rows come from `rows()` in primary-key order and are made
 * anew for every read, so a generated table of millions of rows never sits in memory.
 */
export interface FixtureTable {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  columns: FixtureColumn[];
  primaryKey: string[];
  primaryKeyName?: string;
  /** Secondary indexes (the primary key is one already). */
  indexes?: { name: string; columns: string[]; unique: boolean }[];
  foreignKeys: FixtureForeignKey[];
  rowCount: number;
  rows(): Iterable<SqlValue[]>;
}

export interface FixtureDatabase {
  name: string;
  tables: FixtureTable[];
}

/** Shorthand for declaring columns: `col('Name', 'nvarchar(50)')`, nullable unless said. */
export function col(name: string, type: string, opts: { nullable?: boolean; identity?: boolean } = {}): FixtureColumn {
  return { name, type: parseSqlType(type), nullable: opts.nullable ?? true, identity: opts.identity };
}

/**
 * A table held in memory: values are put in canonical form and rows sorted by the primary key,
 * as SQL Server keeps a clustered table.
 */
export function memoryTable(def: Omit<FixtureTable, 'rows' | 'rowCount' | 'kind'> & { kind?: 'table' | 'view' }, rows: SqlValue[][]): FixtureTable {
  const canonical = rows.map((r) => def.columns.map((c, i) => canonicalValue(c.type, r[i] ?? null)));
  const keyIdx = def.primaryKey.map((k) => def.columns.findIndex((c) => c.name === k));
  if (keyIdx.some((i) => i < 0)) throw new Error(`Primary key of ${def.schema}.${def.name} names a missing column`);
  canonical.sort((a, b) => {
    for (const i of keyIdx) {
      const d = compareValues(def.columns[i].type, a[i], b[i]);
      if (d !== 0) return d;
    }
    return 0;
  });
  return { kind: 'table', ...def, rowCount: canonical.length, rows: () => canonical };
}

export function findTable(db: FixtureDatabase, schema: string, name: string): FixtureTable | undefined {
  const s = schema.toLowerCase();
  const n = name.toLowerCase();
  return db.tables.find((t) => t.schema.toLowerCase() === s && t.name.toLowerCase() === n);
}
