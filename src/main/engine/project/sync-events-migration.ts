import type { Migration } from './migration';

/**
 * Version 17 — event-driven syncs (issue 19 point 7; docs/sync-scheduling.md).
 *
 * - `sync_event_feed`: where the target's events feed was read up to, per target (its kind,
 *   address and school), so a studio opened again resumes the feed where it stopped instead of
 *   missing what happened while it was closed, and never uses one target's cursor on another.
 * - `sync_event_status`: per sync job, the last event that started (or joined) one of its runs and
 *   how many were routed to it: what the Syncs screen shows beside the receiver's address.
 *
 * The receivers' settings live in the definitions' JSON (`events`), their signing secrets in the
 * vault (`sync:<name>:webhook-secret`).
 */
export const syncEventsMigration: Migration = {
  version: 17,
  description: 'event-driven syncs: the events feed cursor per target and each sync job\'s last event',
  up(db) {
    db.exec(`
      CREATE TABLE sync_event_feed (
        target TEXT PRIMARY KEY,
        cursor TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE sync_event_status (
        job TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        entity TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('webhook', 'feed')),
        at TEXT NOT NULL,
        received INTEGER NOT NULL DEFAULT 0
      );
    `);
  },
};
