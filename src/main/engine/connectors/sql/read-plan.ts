import { StudioError } from '../../../../shared/errors';
import type { ReadOptions } from '../connector';
import { isKeysetPosition } from './keyset';
import { rowAfter, SqlParams, type SqlDialect } from './sql-dialect';

/** One column as the read planner needs it. */
export interface PlanColumn {
  name: string;
  nullable: boolean;
  /** How to fetch the column when not by its bare name (e.g. PostgreSQL money as numeric). */
  selectExpr?: string;
}

/** A table or view as the read planner needs it, looked up when the read starts. */
export interface TableShape {
  stream: string;
  /** The quoted, qualified name to read from. */
  from: string;
  columns: PlanColumn[];
  /** The primary key, else a unique index over NOT NULL columns; empty when there is none. */
  uniqueKey: string[];
}

/** How one read is executed: which columns, in which order, in one statement or in chunks. */
export interface PlannedRead {
  /** Columns the statement fetches, in this order. */
  fetched: string[];
  /** The columns the caller asked for when fewer than are fetched (the order needs others). */
  output: string[] | null;
  /** ORDER BY columns (ascending); empty for a table with no key and no requested order. */
  order: string[];
  /**
   * True when the order is unique and never NULL, so the read runs as a series of bounded
   * statements, each starting strictly after the last row of the previous one (keyset
   * pagination). Why: one statement left open while a slow consumer (an API push, a paused run)
   * works would hold a table lock on the school's live database for the whole read (blocking
   * its DDL and, in PostgreSQL, its vacuum), and a MySQL server drops a connection that does
   * not take its rows within net_write_timeout. Between chunks nothing is held.
   */
  chunked: boolean;
  /** The statement for the chunk after `after` (values of `order` of the last row read). */
  statement(after: unknown[] | null, limit: number | null): { sql: string; params: unknown[] };
}

/**
 * Rows one statement of a chunked read fetches: about `chunkRows`, rounded up to whole batches
 * so batches keep their size across chunks; null (no limit) for a read that is not chunked.
 */
export function chunkRowLimit(plan: PlannedRead, chunkRows: number, batchSize: number): number | null {
  return plan.chunked ? Math.ceil(chunkRows / batchSize) * batchSize : null;
}

/**
 * Plans a read: validates the requested columns, order and cursor against the table, and builds
 * the statement with every identifier quoted for the dialect and every value a parameter.
 *
 * Order: with a cursor, (cursor column, then `orderBy` or else the unique key) — the tie-breaker
 * that makes equal cursor values safe (see KeysetPosition). Without a cursor, `orderBy` (the
 * unique key appended so the order is total) or else the unique key. Rows whose cursor value is
 * NULL cannot be placed in that order and are not returned by a cursor read.
 *
 * `encode` turns a value as the connector hands it out (e.g. '2024-02-29T10:00:00') back into
 * what the server compares with, for cursor values that come from an earlier run.
 */
export function planRead(table: TableShape, options: ReadOptions, dialect: SqlDialect, encode: (column: string, value: unknown) => unknown = (_c, v) => v): PlannedRead {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new StudioError('BAD_REQUEST', `A batch size of ${String(options.batchSize)} rows is not possible.`, 'Give a whole number of rows per batch, 1 or more.', { where: { table: table.stream } });
  }
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const mustExist = (name: string, role: string) => {
    if (!byName.has(name)) {
      throw new StudioError('COLUMN_NOT_FOUND', `The ${role} column "${name}" does not exist in ${table.stream}.`, 'Run discovery again to see the columns the table has now, then update the mapping.', { where: { table: table.stream, column: name } });
    }
  };
  const requested = options.columns?.length ? options.columns : null;
  requested?.forEach((c) => mustExist(c, 'requested'));
  options.orderBy?.forEach((c) => mustExist(c, 'order'));
  const cursor = options.cursor;
  if (cursor) mustExist(cursor.column, 'cursor');

  const orderBy = options.orderBy?.length ? options.orderBy : null;
  let order: string[];
  let tie: string[] = [];
  if (cursor) {
    tie = dedupe((orderBy ?? table.uniqueKey).filter((c) => c !== cursor.column));
    order = [cursor.column, ...tie];
  } else {
    order = dedupe([...(orderBy ?? []), ...table.uniqueKey]);
  }
  const unique = table.uniqueKey.length > 0 && table.uniqueKey.every((k) => order.includes(k));
  const chunked = unique && order.every((c) => c === cursor?.column || !byName.get(c)!.nullable);

  const fetched = requested ? dedupe([...requested, ...order]) : table.columns.map((c) => c.name);
  const output = requested && fetched.length > requested.length ? requested : null;
  const selectList = fetched.map((name) => byName.get(name)!.selectExpr ?? dialect.quote(name)).join(', ');
  const orderSql = order.length ? ` ORDER BY ${order.map((c) => dialect.quote(c)).join(', ')}` : '';

  return {
    fetched,
    output,
    order,
    chunked,
    statement(after, limit) {
      const params = new SqlParams(dialect);
      const where: string[] = [];
      if (cursor) where.push(cursorPredicate(table.stream, cursor, tie, dialect, params, encode));
      if (after) where.push(rowAfter(dialect, order, after, params));
      const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const limitSql = limit === null ? '' : ` LIMIT ${Math.floor(limit)}`;
      return { sql: `SELECT ${selectList} FROM ${table.from}${whereSql}${orderSql}${limitSql}`, params: params.values };
    },
  };
}

function cursorPredicate(stream: string, cursor: NonNullable<ReadOptions['cursor']>, tie: string[], dialect: SqlDialect, params: SqlParams, encode: (column: string, value: unknown) => unknown): string {
  const after = cursor.after;
  if (after === null || after === undefined) return `${dialect.quote(cursor.column)} IS NOT NULL`;
  if (!isKeysetPosition(after)) return `${dialect.quote(cursor.column)} > ${params.add(encode(cursor.column, after))}`;
  if (after.value === null || after.value === undefined) return `${dialect.quote(cursor.column)} IS NOT NULL`;
  const missing = tie.filter((c) => !(c in after.key));
  if (missing.length) {
    throw new StudioError('BAD_REQUEST', `The saved position of the incremental read of ${stream} lacks the key column(s) ${missing.map((c) => `"${c}"`).join(', ')}.`, 'Read again from the saved cursor value alone, or save the position with every key column (nextCursorPosition).', { where: { table: stream, column: missing[0] } });
  }
  const columns = [cursor.column, ...tie];
  const values = [encode(cursor.column, after.value), ...tie.map((c) => encode(c, after.key[c]))];
  return rowAfter(dialect, columns, values, params);
}

function dedupe(names: string[]): string[] {
  return [...new Set(names)];
}

/** Keeps only the requested columns of a row fetched with extra (ordering) columns. */
export function projectRow(row: Record<string, unknown>, columns: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c] = row[c];
  return out;
}
