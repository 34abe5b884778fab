import type { SqliteDatabase } from '../../../platform/open-sqlite';

/** What a `join` stage needs of the project file: a keyed index of the joined stream's rows. */
export interface JoinIndexStore {
  /** Adds a batch of rows under their join keys (one transaction). */
  add(joinId: string, rows: { key: string; row: Record<string, unknown> }[]): void;
  /** The rows stored under each of `keys` (one query per batch of driving rows), in the order they were added. */
  lookupMany(joinId: string, keys: readonly string[]): Map<string, Record<string, unknown>[]>;
  /** Removes an index. */
  drop(joinId: string): void;
}

/**
 * The `join_index` table of the project file (migration "mapping plan"): the joined stream's rows
 * as JSON under their key, so a join of a million rows is a B-tree on disk read through SQLite's
 * bounded page cache, never a million objects in memory. Rows live only while their join runs.
 */
export class JoinIndexRepo implements JoinIndexStore {
  private readonly insert;
  private readonly selectMany;
  private readonly remove;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare('INSERT INTO join_index (join_id, key, row_json) VALUES (?, ?, ?)');
    this.selectMany = db.prepare('SELECT key, row_json FROM join_index WHERE join_id = ? AND key IN (SELECT value FROM json_each(?)) ORDER BY id');
    this.remove = db.prepare('DELETE FROM join_index WHERE join_id = ?');
  }

  add(joinId: string, rows: { key: string; row: Record<string, unknown> }[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(joinId, r.key, JSON.stringify(r.row, jsonSafe));
    })();
  }

  lookupMany(joinId: string, keys: readonly string[]): Map<string, Record<string, unknown>[]> {
    const out = new Map<string, Record<string, unknown>[]>();
    if (!keys.length) return out;
    for (const r of this.selectMany.all(joinId, JSON.stringify([...new Set(keys)])) as { key: string; row_json: string }[]) {
      const row = JSON.parse(r.row_json) as Record<string, unknown>;
      const list = out.get(r.key);
      if (list) list.push(row);
      else out.set(r.key, [row]);
    }
    return out;
  }

  drop(joinId: string): void {
    this.remove.run(joinId);
  }

  /** Removes every index: called when a project is opened, when no join can be running (the project lock). */
  clear(): void {
    this.db.prepare('DELETE FROM join_index').run();
  }
}

/** Values as a join hands them on: big integers as text, binary as base64 (JSON has neither). */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) return Buffer.from((value as { data: number[] }).data).toString('base64');
  return value;
}
