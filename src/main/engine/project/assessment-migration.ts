import type { Migration } from './migration';

/** Version 3: assessments and the reviewers' duplicate decisions (the person crosswalk's input). */
export const assessmentMigration: Migration = {
  version: 3,
  description: 'assessments and duplicate-match decisions',
  up(db) {
    db.exec(`
      CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL,
        connection_name TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        result_json TEXT,
        error_json TEXT,
        host_pid INTEGER
      );
      -- Decisions belong to the source, not to one assessment: a re-assessment keeps them.
      CREATE TABLE match_decisions (
        connection_id TEXT NOT NULL,
        table_name TEXT NOT NULL,
        left_key TEXT NOT NULL,
        right_key TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        PRIMARY KEY (connection_id, table_name, left_key, right_key)
      ) WITHOUT ROWID;
    `);
  },
};
