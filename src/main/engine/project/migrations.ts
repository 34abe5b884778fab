import { auditMacMigration, securityMigration } from './security-migration';
import { assessmentMigration } from './assessment-migration';
import { crosswalkMigration } from './crosswalk-migration';
import { mappingPlanMigration } from './mapping-plan-migration';
import { rollbackMigration } from './rollback-migration';
import { notifyMigration } from './notify-migration';
import { monitoringMigration } from './monitoring-migration';
import { stagingIntegerKeysMigration } from './staging-migration';
import { syncMigration } from './sync-migration';
import { targetMigration } from './target-migration';
import { reconciliationMigration } from './reconciliation-migration';
import { healthCheckMigration } from './health-check-migration';
import { twoWayMigration } from './two-way-migration';
import { syncEventsMigration } from './sync-events-migration';
import { quarantineMigration } from './quarantine-migration';
import { reportSchedulesMigration } from './report-schedules-migration';
import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { Migration } from './migration';
import { privacyMigration } from './privacy-migration';

export type { Migration } from './migration';

/**
 * Schema migrations of the project file, versioned in code and applied in order on open.
 * `PRAGMA user_version` records the applied version; a file with a higher version was written
 * by a newer studio and is refused. Never edit a shipped migration: add the next one.
 */

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'project metadata, connections, catalogs, mappings, runs, run steps, run events, staged rows, rejects, push receipts',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE connections (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          location TEXT NOT NULL,
          config_json TEXT NOT NULL,
          created_at TEXT NOT NULL,
          last_test_json TEXT
        );
        CREATE TABLE catalogs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
          discovered_at TEXT NOT NULL,
          catalog_json TEXT NOT NULL
        );
        CREATE INDEX catalogs_by_connection ON catalogs(connection_id, id);
        CREATE TABLE mappings (
          id TEXT PRIMARY KEY,
          entity TEXT NOT NULL,
          connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
          stream TEXT NOT NULL,
          spec_json TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          operation TEXT NOT NULL,
          status TEXT NOT NULL,
          dry_run INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          duration_ms INTEGER,
          counters_json TEXT NOT NULL,
          reconciliation_json TEXT NOT NULL DEFAULT '[]',
          error_json TEXT,
          host_pid INTEGER,
          host_name TEXT
        );
        CREATE TABLE run_steps (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          entity TEXT NOT NULL,
          ord INTEGER NOT NULL,
          status TEXT NOT NULL,
          counters_json TEXT NOT NULL,
          estimate INTEGER,
          started_at TEXT,
          ended_at TEXT,
          PRIMARY KEY (run_id, entity)
        );
        CREATE TABLE run_events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          at TEXT NOT NULL,
          level TEXT NOT NULL,
          entity TEXT,
          message TEXT NOT NULL
        );
        CREATE INDEX run_events_by_run ON run_events(run_id, seq);
        -- The current staged state per target record: what the last run prepared, and the hash
        -- of what the target last acknowledged (so a dry run can say created/updated/unchanged).
        CREATE TABLE staged_rows (
          entity TEXT NOT NULL,
          external_id TEXT NOT NULL,
          run_id TEXT NOT NULL,
          payload_json TEXT NOT NULL,
          row_hash TEXT NOT NULL,
          pushed_hash TEXT,
          target_id TEXT,
          target_version INTEGER,
          PRIMARY KEY (entity, external_id)
        ) WITHOUT ROWID;
        CREATE INDEX staged_rows_by_run ON staged_rows(run_id, entity);
        CREATE TABLE rejects (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          entity TEXT NOT NULL,
          stage TEXT NOT NULL,
          external_id TEXT,
          source_row INTEGER,
          errors_json TEXT NOT NULL,
          row_json TEXT NOT NULL
        );
        CREATE INDEX rejects_by_run ON rejects(run_id, entity);
        CREATE TABLE push_receipts (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          entity TEXT NOT NULL,
          external_id TEXT NOT NULL,
          status TEXT NOT NULL,
          target_id TEXT,
          version INTEGER,
          idempotency_key TEXT NOT NULL,
          pushed_at TEXT NOT NULL,
          PRIMARY KEY (run_id, entity, external_id)
        ) WITHOUT ROWID;
      `);
    },
  },
  securityMigration,
  assessmentMigration,
  targetMigration,
  auditMacMigration,
  crosswalkMigration,
  mappingPlanMigration,
  stagingIntegerKeysMigration,
  rollbackMigration,
  syncMigration,
  monitoringMigration,
  notifyMigration,
  reconciliationMigration,
  healthCheckMigration,
  privacyMigration,
  twoWayMigration,
  syncEventsMigration,
  quarantineMigration,
  reportSchedulesMigration,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Applies pending migrations, each in its own transaction so a crash leaves a valid version. */
export function migrate(db: SqliteDatabase): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return LATEST_SCHEMA_VERSION;
}
