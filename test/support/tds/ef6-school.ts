import { readFileSync } from 'node:fs';
import { memoryTable, type FixtureColumn, type FixtureDatabase, type FixtureForeignKey } from './fixture-db';
import { parseSqlType, type SqlValue } from './sql-types';

/**
 * Builds the EF6 "School" database for the TDS test server from Microsoft's T-SQL script
 * (../shared/fixtures/ef6-school-mssql/school-tables-and-data.sql): its CREATE TABLE
 * statements give the tables, columns, types and primary keys; ALTER TABLE ... FOREIGN KEY the
 * declared foreign keys; the INSERT statements the rows. IDENTITY columns the INSERTs leave out
 * are numbered from 1, timestamp (rowversion) columns get increasing 8-byte values, and a
 * time-only literal for a (small)datetime column lands on 1900-01-01, as SQL Server does.
 */
export function loadEf6School(sqlFile: string, databaseName = 'School'): FixtureDatabase {
  const text = readFileSync(sqlFile, 'utf8');
  const tables = parseCreateTables(text);
  for (const fk of parseForeignKeys(text)) {
    const t = tables.get(fk.table.toLowerCase());
    if (!t) throw new Error(`Foreign key on unknown table ${fk.table}`);
    t.foreignKeys.push(fk.key);
  }
  for (const ins of parseInserts(text)) {
    const t = tables.get(ins.table.toLowerCase());
    if (!t) throw new Error(`INSERT into unknown table ${ins.table}`);
    t.inserts.push(ins);
  }
  let rowVersion = 2000n;
  return {
    name: databaseName,
    tables: [...tables.values()].map((t) => {
      let identity = 0;
      const rows = t.inserts.map((ins) => {
        return t.columns.map((c): SqlValue => {
          const i = ins.columns.findIndex((name) => name.toLowerCase() === c.name.toLowerCase());
          if (i >= 0) return literalFor(c, ins.values[i]);
          if (c.identity) return ++identity;
          if (c.type.name === 'timestamp') {
            const b = Buffer.alloc(8);
            b.writeBigUInt64BE(++rowVersion);
            return b;
          }
          if (c.nullable) return null;
          throw new Error(`INSERT into ${t.name} leaves NOT NULL column ${c.name} without a value`);
        });
      });
      return memoryTable({ schema: t.schema, name: t.name, columns: t.columns, primaryKey: t.primaryKey, primaryKeyName: t.primaryKeyName, foreignKeys: t.foreignKeys }, rows);
    }),
  };
}

interface ParsedTable {
  schema: string;
  name: string;
  columns: FixtureColumn[];
  primaryKey: string[];
  primaryKeyName: string;
  foreignKeys: FixtureForeignKey[];
  inserts: { columns: string[]; values: Literal[] }[];
}

type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: string } | { kind: 'null' };

function parseCreateTables(text: string): Map<string, ParsedTable> {
  const tables = new Map<string, ParsedTable>();
  const re = /CREATE TABLE \[(\w+)\]\.\[(\w+)\]\(([\s\S]*?\))\s*WITH\s*\(/g;
  for (const m of text.matchAll(re)) {
    const [, schema, name, body] = m;
    const columns: FixtureColumn[] = [];
    for (const c of body.matchAll(/^\s*\[(\w+)\]\s+\[(\w+)\](\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(\s+IDENTITY\(\d+,\s*\d+\))?\s+(NOT NULL|NULL)/gim)) {
      columns.push({ name: c[1], type: parseSqlType(c[2] + (c[3] ?? '')), nullable: c[5].toUpperCase() === 'NULL', identity: Boolean(c[4]) });
    }
    const pk = /CONSTRAINT \[([^\]]+)\] PRIMARY KEY CLUSTERED\s*\(([\s\S]*?)\)/i.exec(body);
    if (!pk) throw new Error(`No primary key found for ${name}`);
    const primaryKey = [...pk[2].matchAll(/\[(\w+)\]/g)].map((x) => x[1]);
    tables.set(name.toLowerCase(), { schema, name, columns, primaryKey, primaryKeyName: pk[1], foreignKeys: [], inserts: [] });
  }
  return tables;
}

function parseForeignKeys(text: string): { table: string; key: FixtureForeignKey }[] {
  const re = /ALTER TABLE \[(\w+)\]\.\[(\w+)\] WITH CHECK ADD\s+CONSTRAINT \[(\w+)\] FOREIGN KEY\(([^)]*)\)\s+REFERENCES \[(\w+)\]\.\[(\w+)\] \(([^)]*)\)/g;
  return [...text.matchAll(re)].map((m) => ({
    table: m[2],
    key: {
      name: m[3],
      columns: [...m[4].matchAll(/\[(\w+)\]/g)].map((x) => x[1]),
      refSchema: m[5],
      refTable: m[6],
      refColumns: [...m[7].matchAll(/\[(\w+)\]/g)].map((x) => x[1]),
    },
  }));
}

function parseInserts(text: string): { table: string; columns: string[]; values: Literal[] }[] {
  const re = /INSERT INTO (?:\[?(\w+)\]?\.)?\[?(\w+)\]?\s*\(([^)]*)\)\s*VALUES\s*\(((?:[^)']|'(?:[^']|'')*')*)\)\s*;/gi;
  return [...text.matchAll(re)].map((m) => ({
    table: m[2],
    columns: m[3].split(',').map((c) => c.trim().replace(/^\[|\]$/g, '')),
    values: parseValues(m[4]),
  }));
}

function parseValues(list: string): Literal[] {
  const out: Literal[] = [];
  const re = /\s*(?:N?'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(null))\s*(?:,|$)/giy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < list.length && (m = re.exec(list))) {
    if (m[1] !== undefined) out.push({ kind: 'string', value: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) out.push({ kind: 'number', value: m[2] });
    else out.push({ kind: 'null' });
  }
  return out;
}

function literalFor(c: FixtureColumn, lit: Literal): SqlValue {
  if (lit.kind === 'null') return null;
  switch (c.type.name) {
    case 'tinyint':
    case 'smallint':
    case 'int':
      return Number(lit.value);
    case 'datetime':
    case 'smalldatetime':
    case 'datetime2':
      // SQL Server reads a time-only literal as that time on 1900-01-01.
      return /^\d{1,2}:\d{2}/.test(lit.value) ? `1900-01-01T${lit.value}` : lit.value;
    default:
      return lit.value;
  }
}
