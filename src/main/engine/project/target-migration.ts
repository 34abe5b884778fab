import type { Migration } from './migration';

/**
 * Version 4: the target's health history and the request log of runs.
 *
 * - `target_checks`: one row per "test connection" (by the user, or by a run before its first
 *   push). The stages' outcomes are kept as JSON because the profile screen shows them whole;
 *   `ok`, `trigger` and `at` are columns so the history can be filtered and ordered cheaply.
 * - `target_requests`: every HTTP attempt the client made during a run (a retry is its own row,
 *   with `attempt` > 1). A run pushes at most 500 records a request, so even a million-record
 *   run adds only a few thousand rows; the index by run keeps the per-run statistics quick.
 */
export const targetMigration: Migration = {
  version: 4,
  description: 'target health history (connection checks) and the per-run request log',
  up(db) {
    db.exec(`
      CREATE TABLE target_checks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('user', 'run')),
        run_id TEXT,
        base_url TEXT,
        api_version TEXT NOT NULL,
        health_json TEXT,
        info_json TEXT,
        auth_json TEXT,
        deprecation_json TEXT,
        error_json TEXT
      );
      CREATE TABLE target_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT,
        at TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER,
        latency_ms INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        error TEXT
      );
      CREATE INDEX target_requests_by_run ON target_requests(run_id, id);
    `);
  },
};
