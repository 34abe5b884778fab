import type { Migration } from './migration';

/**
 * Version 6 — staging with integer keys: `staged_records` replaces `staged_rows`.
 *
 * `staged_rows` was a `WITHOUT ROWID` table keyed by (entity text, externalId text) with a
 * second index by (run text, entity text): every staged record moved its whole payload through
 * a b-tree ordered by text, and a bare insert into that design reached only 0.27–0.43× of a raw
 * better-sqlite3 insert (issue 23). Now:
 *
 * - `staging_names` gives each entity and each run a small integer, once;
 * - `staged_records` is an ordinary rowid table (new records are appended), with one narrow
 *   unique index (entity number, externalId) that the upsert and the push's keyset pages use,
 *   and one index of two integers (run number, entity number), appended in rowid order while a
 *   run stages, for the per-run counts and predictions;
 * - `row_hash` / `pushed_hash` are the 32 raw bytes of the SHA-256 (not 64 hex characters);
 * - `payload_json` is the record's canonical JSON (`shared/canonical-json.ts`): the same bytes
 *   the hash is computed from, serialised once.
 *
 * Everything `staged_rows` held is carried over, so a dry run or a second run after the upgrade
 * still says unchanged for what the target acknowledged before it.
 */
export const stagingIntegerKeysMigration: Migration = {
  version: 8,
  description: 'staging with integer keys: staged_records (rowid table, entity and run numbers, binary hashes) replaces staged_rows',
  up(db) {
    db.exec(`
      CREATE TABLE staging_names (
        no INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'run')),
        name TEXT NOT NULL,
        UNIQUE (kind, name)
      );
      CREATE TABLE staged_records (
        entity_no INTEGER NOT NULL,
        external_id TEXT NOT NULL,
        run_no INTEGER NOT NULL,
        payload_json TEXT NOT NULL,
        row_hash BLOB NOT NULL,
        pushed_hash BLOB,
        target_id TEXT,
        target_version INTEGER
      );
      INSERT INTO staging_names (kind, name) SELECT DISTINCT 'entity', entity FROM staged_rows ORDER BY entity;
      INSERT INTO staging_names (kind, name) SELECT DISTINCT 'run', run_id FROM staged_rows ORDER BY run_id;
      INSERT INTO staged_records (entity_no, external_id, run_no, payload_json, row_hash, pushed_hash, target_id, target_version)
        SELECT e.no, s.external_id, r.no, s.payload_json, unhex(s.row_hash), unhex(s.pushed_hash), s.target_id, s.target_version
        FROM staged_rows s
        JOIN staging_names e ON e.kind = 'entity' AND e.name = s.entity
        JOIN staging_names r ON r.kind = 'run' AND r.name = s.run_id
        ORDER BY s.entity, s.external_id;
      DROP TABLE staged_rows;
      CREATE UNIQUE INDEX staged_records_key ON staged_records(entity_no, external_id);
      CREATE INDEX staged_records_by_run ON staged_records(run_no, entity_no);
    `);
  },
};
