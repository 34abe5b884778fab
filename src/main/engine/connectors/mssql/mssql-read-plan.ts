import { StudioError } from '../../../../shared/errors';
import type { ReadOptions, Row } from '../connector';
import { isKeysetPosition } from '../sql/keyset';
import type { MssqlTable } from './mssql-catalog';
import type { MssqlModule, MssqlType } from './mssql-driver';
import { typedParam, type TypedParam } from './mssql-params';
import { quoteMssqlIdent, selectExpression, valueConverter, type MssqlColumn, type ValueConverter } from './mssql-types';

/** A planned read: one parameterised statement and how to turn its row arrays into rows. */
export interface MssqlReadPlan {
  sql: string;
  params: { name: string; type: MssqlType; value: unknown }[];
  /** The ORDER BY columns (empty for a table without a key read without orderBy). */
  order: string[];
  toRow(values: unknown[]): Row;
}

/**
 * Plans a read of one table or view.
 *
 * Order: with a cursor, (cursor column, then `orderBy` or else the key); without one, `orderBy`
 * with the key appended so the order is total, or else the key (the primary key, or the
 * narrowest unique index over NOT NULL columns). A table with neither is read in no particular
 * order and cannot resume.
 *
 * Cursor (incremental read, the same contract as the other database connectors, see
 * ../sql/keyset.ts): `after` is either a value — rows with `cursor > value` — or a position
 * `{ value, key }` from nextCursorPosition — rows strictly after (value, key) in the read's
 * order, so rows sharing the last cursor value are neither skipped nor read twice. A null
 * `after` reads every row whose cursor is not NULL; rows with a NULL cursor are never part of an
 * incremental read. Every value is a parameter typed like its column (sp_executesql).
 */
export function planMssqlRead(driver: MssqlModule, table: MssqlTable, options: ReadOptions, limit: number | null): MssqlReadPlan {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const column = (name: string, role: string): MssqlColumn => {
    const c = byName.get(name);
    if (!c) {
      throw new StudioError('COLUMN_NOT_FOUND', `The ${role} column "${name}" does not exist in ${table.stream}.`, 'Run discovery again to see the columns the table has now, then update the mapping.', { where: { table: table.stream, column: name } });
    }
    return c;
  };
  const requested = options.columns?.length ? options.columns.map((n) => column(n, 'requested')) : table.columns;
  const orderBy = options.orderBy?.length ? options.orderBy.map((n) => column(n, 'order').name) : null;
  const cursor = options.cursor ? { column: column(options.cursor.column, 'cursor'), after: options.cursor.after } : null;

  let order: string[];
  let tie: string[] = [];
  if (cursor) {
    tie = dedupe((orderBy ?? table.uniqueKey).filter((c) => c !== cursor.column.name));
    order = [cursor.column.name, ...tie];
  } else {
    order = dedupe([...(orderBy ?? []), ...table.uniqueKey]);
  }

  const params: MssqlReadPlan['params'] = [];
  const addParam = (p: TypedParam): string => {
    const name = `p${params.length}`;
    params.push({ name, type: p.type, value: p.value });
    return p.sql(name);
  };

  // Select list: each requested column, plus the offset beside each datetimeoffset.
  const select: string[] = [];
  const outputs: { name: string; index: number; offsetIndex: number | null; convert: ValueConverter }[] = [];
  let position = 0;
  const used = new Set(requested.map((c) => c.name));
  for (const c of requested) {
    let offsetAlias: string | null = null;
    if (c.baseType.toLowerCase() === 'datetimeoffset') {
      let n = 0;
      do offsetAlias = `__apstudio_tzoffset_${n++}`;
      while (used.has(offsetAlias));
      used.add(offsetAlias);
    }
    select.push(selectExpression(c, offsetAlias));
    outputs.push({ name: c.name, index: position, offsetIndex: offsetAlias ? position + 1 : null, convert: valueConverter(c) });
    position += offsetAlias ? 2 : 1;
  }

  const where: string[] = [];
  if (cursor) where.push(cursorPredicate(driver, table, cursor.column, cursor.after, tie.map((n) => byName.get(n)!), addParam));
  const top = limit === null ? '' : `TOP (${addParam({ type: driver.TYPES.Int(), value: Math.max(0, Math.floor(limit)), sql: (n) => `@${n}` })}) `;
  const sql =
    `/* apstudio:read */ SELECT ${top}${select.join(', ')} FROM ${quoteMssqlIdent(table.schema)}.${quoteMssqlIdent(table.name)}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    (order.length ? ` ORDER BY ${order.map(quoteMssqlIdent).join(', ')}` : '');

  return {
    sql,
    params,
    order,
    toRow(values) {
      const row: Row = {};
      for (const o of outputs) {
        const v = o.convert(values[o.index] ?? null, o.offsetIndex === null ? undefined : values[o.offsetIndex]);
        // A column may be called __proto__; define it rather than set the prototype.
        if (o.name === '__proto__') Object.defineProperty(row, o.name, { value: v, enumerable: true, writable: true, configurable: true });
        else row[o.name] = v;
      }
      return row;
    },
  };
}

function cursorPredicate(driver: MssqlModule, table: MssqlTable, c: MssqlColumn, after: unknown, tie: MssqlColumn[], addParam: (p: TypedParam) => string): string {
  const q = quoteMssqlIdent(c.name);
  if (after === null || after === undefined) return `${q} IS NOT NULL`;
  if (!isKeysetPosition(after)) return `${q} > ${addParam(typedParam(driver, c, after, table.stream))}`;
  if (after.value === null || after.value === undefined) return `${q} IS NOT NULL`;
  const missing = tie.filter((t) => !(t.name in after.key));
  if (missing.length) {
    throw new StudioError('BAD_REQUEST', `The saved position of the incremental read of ${table.stream} lacks the key column(s) ${missing.map((m) => `"${m.name}"`).join(', ')}.`, 'Read again from the saved cursor value alone, or save the position with every key column (nextCursorPosition).', { where: { table: table.stream, column: missing[0].name } });
  }
  const columns = [c, ...tie];
  const values = [after.value, ...tie.map((t) => after.key[t.name])];
  // (a, b, c) > (x, y, z) spelled out: a > x OR (a = x AND (b > y OR (b = y AND c > z))).
  const refs = columns.map((col, i) => addParam(typedParam(driver, col, values[i], table.stream)));
  const build = (i: number): string => {
    const col = quoteMssqlIdent(columns[i].name);
    if (i === columns.length - 1) return `${col} > ${refs[i]}`;
    return `(${col} > ${refs[i]} OR (${col} = ${refs[i]} AND ${build(i + 1)}))`;
  };
  return build(0);
}

function dedupe(names: string[]): string[] {
  return [...new Set(names)];
}
