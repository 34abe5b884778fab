import type { StreamInfo } from '../../../../shared/model/connection';

/**
 * An index found by discovery. The shared StreamInfo has no place for indexes yet, so the SQL
 * connectors return StreamInfo objects carrying this extra `indexes` list (structurally still
 * StreamInfo); unique indexes also tell the reader which columns can order a resumable read.
 */
export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
}

/** A discovered table or view of a SQL server, with its indexes. */
export interface SqlStreamInfo extends StreamInfo {
  indexes: IndexInfo[];
}

/**
 * The columns a read can order by to be resumable when there is no primary key: the narrowest
 * unique index whose columns are all NOT NULL. Empty when there is none.
 */
export function pickUniqueKey(primaryKey: string[], indexes: IndexInfo[], notNull: (column: string) => boolean): string[] {
  if (primaryKey.length) return primaryKey;
  const candidates = indexes.filter((i) => i.unique && i.columns.length > 0 && i.columns.every(notNull)).sort((a, b) => a.columns.length - b.columns.length || a.name.localeCompare(b.name));
  return candidates[0]?.columns ?? [];
}
