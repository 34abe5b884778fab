import type { Migration } from './migration';

/**
 * Version 11: monitoring (issue 20). Metrics are kept in three tiers so a project file does not
 * grow without bound (docs/monitoring.md):
 *
 * - `monitoring_samples`: raw points, kept 7 days. One row per API call, run, run step or health
 *   check, copied from the tables that already record them (`target_requests`, `runs`,
 *   `run_steps`, `target_checks`) or written when a source's connection is tested. `at` is epoch
 *   milliseconds so the hot range scans compare integers.
 * - `monitoring_rollups`: hourly rollups (90 days) and daily rollups (2 years). A rollup keeps a
 *   fixed-bucket latency histogram rather than percentiles, because percentiles of percentiles are
 *   not percentiles; counts, records and up/down milliseconds add up.
 * - `monitoring_cursors`: how far each recording table has been copied.
 *
 * Alerts: `alert_rules` (seeded with the six rules), `alerts` (one row per firing, with
 * its state firing → acknowledged → resolved and escalation level) and `alert_history` (every
 * transition and every notification attempt with its outcome).
 */
export const monitoringMigration: Migration = {
  version: 11,
  description: 'monitoring: raw metric samples, hourly and daily rollups, alert rules, alerts and their history',
  up(db) {
    db.exec(`
      CREATE TABLE monitoring_samples (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        integration TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('call', 'run', 'step', 'check')),
        entity TEXT NOT NULL DEFAULT '',
        ok INTEGER NOT NULL,
        latency_ms INTEGER,
        records INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX monitoring_samples_by_time ON monitoring_samples(at);
      CREATE TABLE monitoring_rollups (
        grain TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
        start INTEGER NOT NULL,
        integration TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity TEXT NOT NULL,
        count INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        records INTEGER NOT NULL,
        latency_hist TEXT NOT NULL,
        up_ms INTEGER NOT NULL,
        down_ms INTEGER NOT NULL,
        PRIMARY KEY (grain, start, integration, kind, entity)
      ) WITHOUT ROWID;
      CREATE TABLE monitoring_cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        severity TEXT NOT NULL,
        params_json TEXT NOT NULL,
        escalate_after_minutes INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id TEXT NOT NULL,
        rule_kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        severity TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
        message TEXT NOT NULL,
        value REAL,
        fired_at TEXT NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        resolved_at TEXT,
        resolved_by TEXT,
        escalation_level INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX alerts_by_state ON alerts(state, rule_id, subject);
      CREATE TABLE alert_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        channel TEXT,
        ok INTEGER,
        detail TEXT
      );
      CREATE INDEX alert_history_by_alert ON alert_history(alert_id, id);
    `);
    const seed = db.prepare('INSERT INTO alert_rules (id, kind, enabled, severity, params_json, escalate_after_minutes, updated_at) VALUES (?, ?, 1, ?, ?, 15, ?)');
    const at = new Date(0).toISOString();
    seed.run('error-rate', 'error-rate', 'warning', JSON.stringify({ threshold: 0.05, windowMinutes: 15, minCalls: 10, integration: 'target' }), at);
    seed.run('latency-p95', 'latency-p95', 'warning', JSON.stringify({ thresholdMs: 2000, windowMinutes: 15, minCalls: 10, integration: 'target' }), at);
    seed.run('target-down', 'target-down', 'critical', JSON.stringify({}), at);
    seed.run('sync-failed', 'sync-failed', 'critical', JSON.stringify({}), at);
    seed.run('sync-late', 'sync-late', 'warning', JSON.stringify({ graceMinutes: 15 }), at);
    seed.run('change-set-held', 'change-set-held', 'warning', JSON.stringify({}), at);
  },
};
