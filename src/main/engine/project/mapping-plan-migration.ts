import type { EntityMapping } from '../../../shared/model/mapping';
import { mappingHash } from '../mapping/mapping-hash';
import type { Migration } from './migration';

/**
 * Mapping plan (issue 13): each mapping's version history and sign-offs, and the join index a
 * `join` stage builds while it runs. History has no foreign key to `mappings`, so a deleted
 * mapping keeps it. The join index lives in the project file rather than in memory, so joining a
 * million rows takes pages of SQLite's cache, not a million objects; its rows are removed when
 * the stage ends (and a crashed run's leftovers when the next join of the same id starts).
 *
 * The version number here is the next free one when this was written; the lead renumbers on merge.
 */
export const mappingPlanMigration: Migration = {
  version: 7,
  description: 'mapping plan: mapping versions (history), sign-offs, join index',
  up(db) {
    db.exec(`
      CREATE TABLE mapping_versions (
        mapping_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        change TEXT NOT NULL,
        hash TEXT NOT NULL,
        spec_json TEXT,
        PRIMARY KEY (mapping_id, version)
      ) WITHOUT ROWID;
      CREATE TABLE mapping_signoffs (
        mapping_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        hash TEXT NOT NULL,
        account TEXT NOT NULL,
        display_name TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (mapping_id, version, at)
      ) WITHOUT ROWID;
      -- A rowid table plus an index, not WITHOUT ROWID: joined rows are large, and large rows in a
      -- clustered key B-tree make every insert split pages.
      CREATE TABLE join_index (
        id INTEGER PRIMARY KEY,
        join_id TEXT NOT NULL,
        key TEXT NOT NULL,
        row_json TEXT NOT NULL
      );
      CREATE INDEX join_index_by_key ON join_index(join_id, key, id);
    `);
    // Mappings saved before history existed start it as version 1, so a sign-off can refer to them.
    const insert = db.prepare('INSERT INTO mapping_versions (mapping_id, version, at, actor, action, change, hash, spec_json) VALUES (?, 1, ?, ?, ?, ?, ?, ?)');
    for (const row of db.prepare('SELECT id, spec_json, updated_at FROM mappings').all() as { id: string; spec_json: string; updated_at: string }[]) {
      const spec = parseSpec(row.spec_json);
      // A spec that is not JSON (a hand-edited file) keeps its row and gets no version: opening the
      // project must not fail on it; reading that mapping reports it where it is used.
      if (!spec) continue;
      insert.run(row.id, row.updated_at, 'unknown (saved before mapping history)', 'migrate', `History starts: ${spec.stream} → ${spec.entity} as it was saved.`, mappingHash(spec), row.spec_json);
    }
  },
};

function parseSpec(json: string): EntityMapping | null {
  try {
    return JSON.parse(json) as EntityMapping;
  } catch {
    return null;
  }
}
