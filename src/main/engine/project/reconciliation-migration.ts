import type { Migration } from './migration';

/**
 * Version 13 — reconciliation as a certificate (issue 18 point 8; docs/reconciliation.md).
 *
 * - `run_mismatches`: every mismatch a reconciliation found (a field whose value in the target
 *   differs from the staged one, a record the target does not hold, a merged duplicate the target
 *   still holds), in the order found, so a certificate of a million records lists them without
 *   holding them in memory; replaced per entity each time the run is reconciled again.
 * - `run_merges`: the source rows a run merged into their survivor (the confirmed person
 *   crosswalk). A later `reconcile` checks that the target does not still hold them as records of
 *   their own, without rebuilding the crosswalk.
 * - `run_reconciliations`: when the target was last read back for a run's certificate.
 *
 * All three belong to their run and go with it (ON DELETE CASCADE, as retention purges runs).
 */
export const reconciliationMigration: Migration = {
  version: 13,
  description: 'reconciliation certificate: mismatches, merged rows and the time of the last read-back per run',
  up(db) {
    db.exec(`
      CREATE TABLE run_mismatches (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        field TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('field', 'missing', 'merged')),
        source_json TEXT,
        target_json TEXT,
        survivor TEXT,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX run_mismatches_by_entity ON run_mismatches(run_id, entity);
      CREATE TABLE run_merges (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        external_id TEXT NOT NULL,
        survivor TEXT NOT NULL,
        PRIMARY KEY (run_id, entity, external_id)
      ) WITHOUT ROWID;
      CREATE TABLE run_reconciliations (
        run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        checked_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
