import type { ColumnInfo, StreamInfo } from '../../../../src/shared/model/connection';
import { TableProfiler, type ProfilingOptions, type TableProfile } from '../../../../src/main/engine/assessment/profiling/table-profiler';

/** The assessment's clock in these tests: the demo school's export day. */
export const TODAY = new Date('2025-03-21T12:00:00Z');

/** A table stream with text columns (or the given infos) and an optional primary key. */
export function streamOf(name: string, columns: (string | ColumnInfo)[], primaryKey: string[] = []): StreamInfo {
  return {
    name,
    columns: columns.map((c) => (typeof c === 'string' ? { name: c, type: 'string', nativeType: 'TEXT', nullable: true } : c)),
    primaryKey,
    foreignKeys: [],
    rowEstimate: null,
  };
}

/** Profiles rows held in memory, in batches of `batch`. */
export function profileRows(stream: StreamInfo, rows: Record<string, unknown>[], opts: Partial<ProfilingOptions> & { batch?: number } = {}): TableProfile {
  const profiler = new TableProfiler(stream, { now: TODAY, ...opts });
  const batch = opts.batch ?? 1000;
  for (let i = 0; i < rows.length; i += batch) profiler.addBatch(rows.slice(i, i + batch));
  return profiler.finish();
}

/** Profiles one column of values (key column `ID` = row number). */
export function profileColumn(name: string, values: unknown[], opts: Partial<ProfilingOptions> & { batch?: number } = {}): TableProfile['columns'][number] {
  const stream = streamOf('T', ['ID', name], ['ID']);
  const rows = values.map((v, i) => ({ ID: i + 1, [name]: v }));
  const table = profileRows(stream, rows, opts);
  return table.columns[1];
}
