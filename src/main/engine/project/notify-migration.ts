import type { Migration } from './migration';

/**
 * Version 12 — outgoing webhooks and alert email (issue 20, seed WEBHOOK_MANAGEMENT).
 *
 * - `webhook_endpoints`: where the studio's own events go (URL, POST/PUT, JSON/XML/form-data,
 *   the event kinds subscribed, retry policy, timeout). The signing secret is in `secrets`
 *   (`webhook:<id>:secret`), never here.
 * - `webhook_deliveries`: one event for one endpoint, with the exact body sent (so a retry and a
 *   redelivery send the same bytes, and the signature covers what the receiver reads), its
 *   status and when it is next tried. The queue is this table: a delivery left `sending` by a
 *   process that died is tried again on the next open.
 * - `webhook_attempts`: every attempt, with outcome, HTTP status, duration and error.
 * - `smtp_settings`: one row; the password is in `secrets` (`smtp:password`).
 */
export const notifyMigration: Migration = {
  version: 12,
  description: 'outgoing webhooks (endpoints, deliveries, attempts) and SMTP settings for alert email',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_endpoints (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('POST', 'PUT')),
        content_type TEXT NOT NULL CHECK (content_type IN ('json', 'xml', 'form-data')),
        events_json TEXT NOT NULL,
        retry_json TEXT NOT NULL,
        timeout_ms INTEGER NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY,
        endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        subject TEXT,
        body BLOB NOT NULL,
        content_type TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        created_at TEXT NOT NULL,
        completed_at TEXT,
        redelivery_of TEXT,
        last_error TEXT
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
      CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, created_at);
      CREATE TABLE webhook_attempts (
        delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        error TEXT,
        PRIMARY KEY (delivery_id, attempt)
      ) WITHOUT ROWID;
      CREATE TABLE smtp_settings (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        settings_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
