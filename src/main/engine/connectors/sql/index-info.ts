import type { IndexInfo, StreamInfo } from '../../../../shared/model/connection';

export type { IndexInfo };

/** A discovered table or view of a SQL server: its indexes are always known. */
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
