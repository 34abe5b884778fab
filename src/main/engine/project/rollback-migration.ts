import type { Migration } from './migration';

/**
 * Version 9 — what a rollback needs (issue 18 point 7):
 *
 * - `run_preimages`: for each record a run was about to change in the target, the record as the
 *   target held it before (its writable fields, as canonical JSON) and its version. Created
 *   records need none: `push_receipts` already says which records a run created, with the
 *   version it wrote, and that is what a rollback deletes.
 * - `run_preimage_scans`: one row per (run, entity) whose pre-images were all captured before
 *   its push began, so a resumed push never takes the run's own writes for pre-images.
 * - `rollbacks`: a rollback run, the run it rolls back and its scope (one entity, or all).
 * - `rollback_items`: the rollback's checkpoint and report, one row per record it is done with
 *   (restored, deleted, already as before, or a conflict left for a person, with why). Keyed by
 *   the rolled-back run, so a resumed rollback, or a later one of the same run, never does a
 *   record twice.
 */
export const rollbackMigration: Migration = {
  version: 9,
  description: 'rollback: pre-images of the records a run updates, rollback runs and their per-record checkpoint and report',
  up(db) {
    db.exec(`
      CREATE TABLE run_preimages (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        record_json TEXT NOT NULL,
        PRIMARY KEY (run_id, entity, external_id)
      ) WITHOUT ROWID;
      CREATE TABLE run_preimage_scans (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        scanned_at TEXT NOT NULL,
        target_records INTEGER NOT NULL,
        preimages INTEGER NOT NULL,
        PRIMARY KEY (run_id, entity)
      ) WITHOUT ROWID;
      CREATE TABLE rollbacks (
        run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        source_run_id TEXT NOT NULL,
        entity TEXT
      );
      CREATE INDEX rollbacks_by_source ON rollbacks(source_run_id);
      CREATE TABLE rollback_items (
        source_run_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('restore', 'delete')),
        outcome TEXT NOT NULL CHECK (outcome IN ('restored', 'deleted', 'unchanged', 'conflict')),
        rollback_run_id TEXT NOT NULL,
        code TEXT,
        reason TEXT,
        expected_version INTEGER,
        target_version INTEGER,
        at TEXT NOT NULL,
        PRIMARY KEY (source_run_id, entity, external_id)
      ) WITHOUT ROWID;
      CREATE INDEX rollback_items_by_run ON rollback_items(rollback_run_id, entity, outcome);
    `);
  },
};
