import type { Migration } from './migration';

/**
 * Version 14 — scheduled health checks (issue 20 point 1; docs/monitoring.md).
 *
 * The target's health history (`target_checks`, migration 4) allowed two triggers, a person
 * (`user`) and a run (`run`). While a project is open in the studio, the target is now also
 * checked on a schedule, so `trigger` may be `schedule`. SQLite cannot change a CHECK constraint
 * in place, so the table is rebuilt: every row is copied with its id (the monitoring's copy
 * cursor counts ids), and the id sequence is carried over, so no id is ever handed out twice.
 */
export const healthCheckMigration: Migration = {
  version: 14,
  description: 'scheduled health checks: the target health history accepts the trigger "schedule"',
  up(db) {
    const sequence = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'target_checks'").pluck().get() as number | undefined) ?? 0;
    db.exec(`
      CREATE TABLE target_checks_v16 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('user', 'run', 'schedule')),
        run_id TEXT,
        base_url TEXT,
        api_version TEXT NOT NULL,
        health_json TEXT,
        info_json TEXT,
        auth_json TEXT,
        deprecation_json TEXT,
        error_json TEXT
      );
      INSERT INTO target_checks_v16 (id, at, ok, trigger, run_id, base_url, api_version, health_json, info_json, auth_json, deprecation_json, error_json)
        SELECT id, at, ok, trigger, run_id, base_url, api_version, health_json, info_json, auth_json, deprecation_json, error_json FROM target_checks ORDER BY id;
      DROP TABLE target_checks;
      ALTER TABLE target_checks_v16 RENAME TO target_checks;
    `);
    // The copy moved the sequence to the highest id copied; a deleted newest row must still not come back.
    db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'target_checks'").run(sequence);
    db.prepare("INSERT INTO sqlite_sequence (name, seq) SELECT 'target_checks', ? WHERE ? > 0 AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'target_checks')").run(sequence, sequence);
  },
};
