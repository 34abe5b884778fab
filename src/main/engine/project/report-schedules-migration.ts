import type { Migration } from './migration';

/**
 * Version 19 — scheduled reports (issue 20, item 5; docs/monitoring.md "Reports").
 *
 * - `report_schedules`: what report (kind, rolling period, format, one integration for SLA), when
 *   (a cron expression read in an IANA time zone, as a sync schedule is) and where it goes (a
 *   folder a person granted, e-mail through the project's SMTP settings).
 * - `report_deliveries`: every delivery, one row per destination, ok or failed with the reason,
 *   so a person can see that last Monday's report did not reach the share and why. They go with
 *   their schedule (ON DELETE CASCADE).
 */
export const reportSchedulesMigration: Migration = {
  version: 19,
  description: 'scheduled reports and their delivery log',
  up(db) {
    db.exec(`
      CREATE TABLE report_schedules (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('runs', 'errors', 'syncs', 'sla')),
        period TEXT NOT NULL CHECK (period IN ('day', 'week', 'month')),
        format TEXT NOT NULL CHECK (format IN ('html', 'pdf', 'csv')),
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        integration TEXT,
        folder TEXT,
        email INTEGER NOT NULL DEFAULT 0,
        email_to_json TEXT NOT NULL DEFAULT '[]',
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE report_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        schedule_id TEXT NOT NULL REFERENCES report_schedules(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual')),
        destination TEXT NOT NULL CHECK (destination IN ('folder', 'email')),
        status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        target TEXT,
        bytes INTEGER,
        reason TEXT,
        error_json TEXT
      );
      CREATE INDEX report_deliveries_by_schedule ON report_deliveries(schedule_id, id);
    `);
  },
};
