import { findTable, type FixtureDatabase, type FixtureTable } from './fixture-db';
import { ServerError } from './server-error';
import type { Cond, Expr, SelectStatement } from './sql-subset';
import { canonicalValue, compareValues, fromUnscaled, parseDateTimeText, parseSqlType, toUnscaled, type ParamValue, type SqlType, type SqlValue } from './sql-types';

/** A column of a result set as COLMETADATA describes it. */
export interface ResultColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
}

/** A result set whose rows are produced while they are sent (never all held at once). */
export interface ResultSet {
  columns: ResultColumn[];
  rows: Iterable<SqlValue[]>;
}

/** Tables bigger than this are never sorted in memory: a read must follow their key order. */
const SORT_LIMIT = 100_000;

interface Compiled {
  type: SqlType;
  nullable: boolean;
  evaluate(row: SqlValue[]): SqlValue;
}

/** Runs one parsed SELECT against a fixture database. */
export function runSelect(db: FixtureDatabase, stmt: SelectStatement, params: Map<string, ParamValue>): ResultSet {
  const table = findTable(db, stmt.table.schema, stmt.table.name);
  if (!table) throw new ServerError(208, `Invalid object name '${stmt.table.schema}.${stmt.table.name}'.`);
  const compile = (e: Expr) => compileExpr(e, table, params);

  const predicate = stmt.where ? compileCond(stmt.where, compile) : null;
  const isCount = stmt.items.length === 1 && stmt.items[0].expr.kind === 'count';
  if (isCount) {
    let n = 0;
    if (!predicate) n = table.rowCount;
    else for (const row of table.rows()) if (predicate(row)) n++;
    return { columns: [{ name: stmt.items[0].alias ?? '', type: { name: 'bigint' }, nullable: false }], rows: [[BigInt(n)]] };
  }
  if (stmt.items.some((i) => i.expr.kind === 'count')) throw new ServerError(8120, 'Column is invalid in the select list because it is not contained in an aggregate function.');

  const items = stmt.items.map((item) => {
    const c = compile(item.expr);
    const name = item.alias ?? (item.expr.kind === 'column' ? table.columns.find((col) => col.name.toLowerCase() === (item.expr as { name: string }).name.toLowerCase())!.name : '');
    return { name, ...c };
  });

  let limit = Infinity;
  if (stmt.top) {
    const v = compile(stmt.top).evaluate([]);
    limit = Number(v);
    if (!Number.isInteger(limit) || limit < 0) throw new ServerError(1060, 'The number of rows provided for a TOP clause must be a non-negative integer.');
  }

  const order = stmt.orderBy.map((o) => ({ ...compile(o.expr), descending: o.descending, column: o.expr.kind === 'column' ? o.expr.name.toLowerCase() : null }));
  const source = followsKeyOrder(table, order) ? table.rows() : sortedRows(table, order);

  function* rows(): Iterable<SqlValue[]> {
    let sent = 0;
    if (sent >= limit) return;
    for (const row of source) {
      if (predicate && !predicate(row)) continue;
      yield items.map((i) => i.evaluate(row));
      if (++sent >= limit) return;
    }
  }
  return { columns: items.map((i) => ({ name: i.name, type: i.type, nullable: i.nullable })), rows: rows() };
}

/** True when the table's own (primary key) order already satisfies ORDER BY. */
function followsKeyOrder(table: FixtureTable, order: { descending: boolean; column: string | null }[]): boolean {
  const pk = table.primaryKey.map((k) => k.toLowerCase());
  for (let i = 0; i < order.length; i++) {
    if (i >= pk.length) return pk.length > 0;
    if (order[i].descending || order[i].column !== pk[i]) return false;
  }
  return true;
}

function sortedRows(table: FixtureTable, order: (Compiled & { descending: boolean })[]): Iterable<SqlValue[]> {
  if (table.rowCount > SORT_LIMIT) {
    throw new ServerError(50000, `The test server does not sort ${table.schema}.${table.name} (${table.rowCount} rows) by anything but its key.`);
  }
  const all = [...table.rows()];
  return all.sort((a, b) => {
    for (const o of order) {
      const d = compareValues(o.type, o.evaluate(a), o.evaluate(b));
      if (d !== 0) return o.descending ? -d : d;
    }
    return 0;
  });
}

function compileExpr(e: Expr, table: FixtureTable, params: Map<string, ParamValue>): Compiled {
  switch (e.kind) {
    case 'column': {
      const idx = table.columns.findIndex((c) => c.name.toLowerCase() === e.name.toLowerCase());
      if (idx < 0) throw new ServerError(207, `Invalid column name '${e.name}'.`);
      const c = table.columns[idx];
      return { type: c.type, nullable: c.nullable, evaluate: (row) => row[idx] };
    }
    case 'param': {
      const p = params.get(e.name.toLowerCase());
      if (!p) throw new ServerError(137, `Must declare the scalar variable "${e.name}".`);
      return { type: p.type, nullable: p.value === null, evaluate: () => p.value };
    }
    case 'literal':
      return typeof e.value === 'number'
        ? { type: { name: Number.isInteger(e.value) ? 'int' : 'float' }, nullable: false, evaluate: () => e.value }
        : { type: { name: 'nvarchar', length: Math.max(1, e.value.length) }, nullable: false, evaluate: () => e.value };
    case 'cast': {
      const inner = compileExpr(e.expr, table, params);
      const type = parseSqlType(e.type);
      return { type, nullable: inner.nullable, evaluate: (row) => castValue(inner.evaluate(row), inner.type, type) };
    }
    case 'convert': {
      const inner = compileExpr(e.expr, table, params);
      const type = parseSqlType(e.type);
      if (type.name !== 'varchar' && type.name !== 'nvarchar') throw new ServerError(50000, `The test server only CONVERTs to varchar/nvarchar, not ${e.type}.`);
      return {
        type,
        nullable: inner.nullable,
        evaluate: (row) => {
          const text = convertToText(inner.evaluate(row), inner.type, e.style);
          if (text !== null && type.length !== -1 && text.length > type.length!) throw new ServerError(8115, `Arithmetic overflow error converting ${inner.type.name} to data type ${type.name}.`);
          return text;
        },
      };
    }
    case 'datepart': {
      const inner = compileExpr(e.expr, table, params);
      if (e.part !== 'TZOFFSET' || inner.type.name !== 'datetimeoffset') throw new ServerError(9810, `The test server only knows DATEPART(TZOFFSET, datetimeoffset).`);
      return {
        type: { name: 'int' },
        nullable: inner.nullable,
        evaluate: (row) => {
          const v = inner.evaluate(row);
          return v === null ? null : (parseDateTimeText(String(v)).offsetMinutes ?? 0);
        },
      };
    }
    case 'count':
      throw new ServerError(50000, 'COUNT is only supported alone in the select list.');
  }
}

/** CONVERT(varchar, value[, style]) as SQL Server formats the types the connector converts. */
function convertToText(v: SqlValue, from: SqlType, style: number | null): string | null {
  if (v === null) return null;
  switch (from.name) {
    case 'decimal':
    case 'numeric':
      return String(v);
    case 'money':
    case 'smallmoney':
      // Style 0 (the default) keeps two decimals, style 2 four; style 1 adds thousands commas.
      if (style === 2 || style === 126) return String(v);
      if (style === null || style === 0) return fromUnscaled(toUnscaled(String(v), 2), 2);
      throw new ServerError(281, `${style} is not a valid style number when converting from money to a character string.`);
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return String(v);
    default:
      throw new ServerError(50000, `The test server does not CONVERT ${from.name} to text.`);
  }
}

/** CAST(value AS type) for the casts the connector writes around cursor parameters. */
function castValue(v: SqlValue, from: SqlType, to: SqlType): SqlValue {
  if (v === null) return null;
  if (from.name === 'nvarchar' || from.name === 'varchar') {
    try {
      return canonicalValue(to, String(v));
    } catch {
      throw new ServerError(8114, `Error converting data type ${from.name} to ${to.name}.`);
    }
  }
  return canonicalValue(to, v);
}

function compileCond(c: Cond, compile: (e: Expr) => Compiled): (row: SqlValue[]) => boolean {
  switch (c.kind) {
    case 'and': {
      const l = compileCond(c.left, compile);
      const r = compileCond(c.right, compile);
      return (row) => l(row) && r(row);
    }
    case 'or': {
      const l = compileCond(c.left, compile);
      const r = compileCond(c.right, compile);
      return (row) => l(row) || r(row);
    }
    case 'isNull': {
      const e = compile(c.expr);
      return (row) => (e.evaluate(row) === null) !== c.negated;
    }
    case 'compare': {
      const l = compile(c.left);
      const r = compile(c.right);
      // Compare in the column's type (the side that is a column), as SQL Server converts the
      // parameter to the column's type when the types are compatible.
      const type = c.left.kind === 'column' ? l.type : r.type;
      const other = c.left.kind === 'column' ? r : l;
      if (!comparable(type, other.type)) throw new ServerError(402, `The data types ${l.type.name} and ${r.type.name} are incompatible in the ${c.op} operator.`);
      const test = { '=': (d: number) => d === 0, '<>': (d: number) => d !== 0, '<': (d: number) => d < 0, '<=': (d: number) => d <= 0, '>': (d: number) => d > 0, '>=': (d: number) => d >= 0 }[c.op];
      return (row) => {
        const a = l.evaluate(row);
        const b = r.evaluate(row);
        if (a === null || b === null) return false;
        return test(compareValues(type, canonicalValue(type, a), canonicalValue(type, b)));
      };
    }
  }
}

const FAMILIES: Record<string, string> = {
  tinyint: 'number', smallint: 'number', int: 'number', bigint: 'number', decimal: 'number', numeric: 'number', money: 'number', smallmoney: 'number', float: 'number', real: 'number', bit: 'number',
  char: 'text', varchar: 'text', nchar: 'text', nvarchar: 'text', text: 'text', ntext: 'text',
  datetime: 'time', smalldatetime: 'time', datetime2: 'time', date: 'time', datetimeoffset: 'time', time: 'clock',
  binary: 'binary', varbinary: 'binary', timestamp: 'binary', image: 'binary',
  uniqueidentifier: 'guid', xml: 'xml',
};

/**
 * Whether SQL Server compares the two types without an error or a silent text conversion. A
 * cursor sent as nvarchar against a datetime column would work on SQL Server too, but through a
 * conversion that depends on language settings: the test server refuses it so the connector
 * keeps sending typed parameters.
 */
function comparable(a: SqlType, b: SqlType): boolean {
  return FAMILIES[a.name] === FAMILIES[b.name];
}
