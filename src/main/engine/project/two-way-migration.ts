import type { Migration } from './migration';

/**
 * Version 16 — two-way sync (issue 19 point 4; docs/sync.md "Two-way").
 *
 * - `sync_conflicts`: the conflict queue. One row per field both sides changed since the last sync,
 *   with the base value and both sides' values (so a person sees them side by side), the decision
 *   (keep the source's, the target's, or a typed value; who, when) and the run that applied it.
 *   Conflicts a policy settled are kept too (`applied` at once), so a run's log says what won.
 * - `sync_pull_marks`: per job and entity, when the last two-way run began reading Academia Pro's
 *   changes (`updatedSince` of the next run); moved only by a run that pushed.
 * - `sync_write_backs`: every value a run writes (or was to write) into the legacy source, with the
 *   value it replaced: the audit of the write side, and what a held run writes once approved.
 *
 * Additive: one-way syncs never read these tables.
 */
export const twoWayMigration: Migration = {
  version: 16,
  description: 'two-way sync: sync_conflicts, sync_pull_marks, sync_write_backs',
  up(db) {
    db.exec(`
      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        job TEXT NOT NULL,
        run_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        field TEXT NOT NULL,
        base_json TEXT NOT NULL,
        source_json TEXT NOT NULL,
        target_json TEXT NOT NULL,
        target_changed_at TEXT,
        policy TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'decided', 'applied')),
        decision_json TEXT,
        applied_run_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX sync_conflicts_by_key ON sync_conflicts(job, entity, external_id, status);
      CREATE INDEX sync_conflicts_by_status ON sync_conflicts(status, created_at);
      CREATE TABLE sync_pull_marks (
        job TEXT NOT NULL,
        entity TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (job, entity)
      );
      CREATE TABLE sync_write_backs (
        run_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        table_name TEXT NOT NULL,
        key_column TEXT NOT NULL,
        field TEXT NOT NULL,
        column_name TEXT NOT NULL,
        before_json TEXT NOT NULL,
        value_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'written', 'failed')),
        PRIMARY KEY (run_id, entity, external_id, field)
      ) WITHOUT ROWID;
    `);
  },
};
