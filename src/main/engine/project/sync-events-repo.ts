import type { LastSyncEvent } from '../../../shared/model/sync-events';
import type { Project } from './project';

type StatusRow = { job: string; event_id: string; type: string; entity: string; source: 'webhook' | 'feed'; at: string; received: number };

/** The events feed cursor per target and each sync job's last event (migration 17). */
export class SyncEventsRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  feedCursor(target: string): string | null {
    return (this.db.prepare('SELECT cursor FROM sync_event_feed WHERE target = ?').pluck().get(target) as string | undefined) ?? null;
  }

  saveFeedCursor(target: string, cursor: string, now: Date): void {
    this.db
      .prepare('INSERT INTO sync_event_feed (target, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT(target) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at')
      .run(target, cursor, now.toISOString());
  }

  /** One more event routed to `job`: it becomes the job's last event. */
  recordEvent(job: string, event: LastSyncEvent): void {
    this.db
      .prepare(
        `INSERT INTO sync_event_status (job, event_id, type, entity, source, at, received) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT(job) DO UPDATE SET event_id = excluded.event_id, type = excluded.type, entity = excluded.entity, source = excluded.source, at = excluded.at, received = received + 1`,
      )
      .run(job, event.id, event.type, event.entity, event.source, event.at);
  }

  lastEvents(): Map<string, { lastEvent: LastSyncEvent; received: number }> {
    const rows = this.db.prepare('SELECT * FROM sync_event_status').all() as StatusRow[];
    return new Map(rows.map((r) => [r.job, { lastEvent: { id: r.event_id, type: r.type, entity: r.entity, source: r.source, at: r.at }, received: r.received }]));
  }

  /** The version of a record the target acknowledged from the studio's last push of it (null: never pushed, or not known). */
  pushedVersion(entity: string, externalId: string): number | null {
    const v = this.db
      .prepare("SELECT s.target_version FROM staged_records s JOIN staging_names n ON n.no = s.entity_no AND n.kind = 'entity' WHERE n.name = ? AND s.external_id = ?")
      .pluck()
      .get(entity, externalId) as number | null | undefined;
    return v ?? null;
  }

  /** A sync removed: its last event goes with it (a new sync of the same name starts afresh). */
  forgetJob(job: string): void {
    this.db.prepare('DELETE FROM sync_event_status WHERE job = ?').run(job);
  }
}
