import type { Migration } from './migration';

/**
 * Version 10 — ongoing sync (issue 19).
 *
 * - `sync_definitions`: one row per named sync; the definition (type, direction, entities with
 *   their mode, cursor and delete policy, schedule, gate) as JSON beside the columns the seed's
 *   DATA_SYNCHRONIZATION lists and screens sort by (last status, processed/failed, duration, last
 *   and next sync time).
 * - `sync_runs`: the sync's side of a run (the run itself, its steps and log live in `runs`,
 *   `run_steps`, `run_events` with operation `Sync`): per-entity change counts, the hold and its
 *   sentences, warnings, decisions, and the cursor marks the run will commit once it has pushed.
 * - `sync_changes`: a run's change set, one row per record (insert, update, delete, withdraw), so a
 *   held set can be shown, approved and pushed later, and a run's log keeps what it changed.
 * - `sync_cursors`: each definition's high-water mark per entity, moved only by a pushed run.
 * - `sync_gone`: records a sync deleted or withdrew, so a row still missing from the source is not
 *   counted again by the next delta; a key that comes back is an update again.
 *
 * The delta's baseline is `staged_records` itself (the hash the target last acknowledged), so the
 * first delta after a migration starts from that migration's staged hashes.
 */
export const syncMigration: Migration = {
  version: 10,
  description: 'ongoing sync: sync_definitions, sync_runs, sync_changes, sync_cursors, sync_gone',
  up(db) {
    db.exec(`
      CREATE TABLE sync_definitions (
        name TEXT PRIMARY KEY,
        definition_json TEXT NOT NULL,
        last_status TEXT,
        last_run_id TEXT,
        records_processed INTEGER NOT NULL DEFAULT 0,
        records_failed INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        last_sync_at TEXT,
        next_sync_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE sync_runs (
        run_id TEXT PRIMARY KEY,
        job TEXT NOT NULL,
        changes_json TEXT NOT NULL DEFAULT '[]',
        held_json TEXT,
        warnings_json TEXT NOT NULL DEFAULT '[]',
        decisions_json TEXT NOT NULL DEFAULT '[]',
        pending_cursors_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX sync_runs_by_job ON sync_runs(job, run_id);
      CREATE TABLE sync_changes (
        run_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete', 'withdraw')),
        record_json TEXT,
        PRIMARY KEY (run_id, entity, external_id)
      ) WITHOUT ROWID;
      CREATE TABLE sync_cursors (
        job TEXT NOT NULL,
        entity TEXT NOT NULL,
        state_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (job, entity)
      );
      CREATE TABLE sync_gone (
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        policy TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (entity, external_id)
      ) WITHOUT ROWID;
    `);
  },
};
