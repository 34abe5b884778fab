import type { StudioErrorShape } from '../../../shared/errors';
import type { ReportDelivery, ReportSchedule } from '../../../shared/model/report-schedule';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

type ScheduleRow = {
  id: string;
  name: string;
  kind: ReportSchedule['kind'];
  period: ReportSchedule['period'];
  format: ReportSchedule['format'];
  cron: string;
  timezone: string;
  integration: string | null;
  folder: string | null;
  email: number;
  email_to_json: string;
  enabled: number;
  created_at: string;
  updated_at: string;
};

type DeliveryRow = {
  id: number;
  schedule_id: string;
  at: string;
  trigger: ReportDelivery['trigger'];
  destination: ReportDelivery['destination'];
  status: ReportDelivery['status'];
  target: string | null;
  bytes: number | null;
  reason: string | null;
  error_json: string | null;
};

/** Report schedules and their delivery log (migration 19). */
export class ReportSchedulesRepo {
  constructor(private readonly db: SqliteDatabase) {}

  list(): ReportSchedule[] {
    return (this.db.prepare('SELECT * FROM report_schedules ORDER BY created_at, id').all() as ScheduleRow[]).map(scheduleOf);
  }

  get(id: string): ReportSchedule | null {
    const row = this.db.prepare('SELECT * FROM report_schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
    return row ? scheduleOf(row) : null;
  }

  /** Inserts or replaces by id (a replaced schedule keeps its delivery log). */
  save(s: ReportSchedule): void {
    this.db
      .prepare(
        `INSERT INTO report_schedules (id, name, kind, period, format, cron, timezone, integration, folder, email, email_to_json, enabled, created_at, updated_at)
         VALUES (@id, @name, @kind, @period, @format, @cron, @timezone, @integration, @folder, @email, @emailTo, @enabled, @createdAt, @updatedAt)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, period = excluded.period, format = excluded.format, cron = excluded.cron,
           timezone = excluded.timezone, integration = excluded.integration, folder = excluded.folder, email = excluded.email,
           email_to_json = excluded.email_to_json, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run({ ...s, email: s.email ? 1 : 0, emailTo: JSON.stringify(s.emailTo), enabled: s.enabled ? 1 : 0 });
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM report_schedules WHERE id = ?').run(id).changes > 0;
  }

  addDelivery(d: Omit<ReportDelivery, 'id'>): ReportDelivery {
    const info = this.db
      .prepare('INSERT INTO report_deliveries (schedule_id, at, trigger, destination, status, target, bytes, reason, error_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(d.scheduleId, d.at, d.trigger, d.destination, d.status, d.target, d.bytes, d.reason, d.error ? JSON.stringify(d.error) : null);
    return { id: Number(info.lastInsertRowid), ...d };
  }

  /** Newest first. */
  deliveries(scheduleId: string | null, limit: number): ReportDelivery[] {
    const rows = (scheduleId === null
      ? this.db.prepare('SELECT * FROM report_deliveries ORDER BY id DESC LIMIT ?').all(limit)
      : this.db.prepare('SELECT * FROM report_deliveries WHERE schedule_id = ? ORDER BY id DESC LIMIT ?').all(scheduleId, limit)) as DeliveryRow[];
    return rows.map(deliveryOf);
  }

  /** The destinations of the schedule's latest delivery (made at one instant). */
  lastDeliveries(scheduleId: string): ReportDelivery[] {
    const at = this.db.prepare('SELECT at FROM report_deliveries WHERE schedule_id = ? ORDER BY id DESC LIMIT 1').pluck().get(scheduleId) as string | undefined;
    if (at === undefined) return [];
    return (this.db.prepare('SELECT * FROM report_deliveries WHERE schedule_id = ? AND at = ? ORDER BY id').all(scheduleId, at) as DeliveryRow[]).map(deliveryOf);
  }
}

function scheduleOf(r: ScheduleRow): ReportSchedule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    period: r.period,
    format: r.format,
    cron: r.cron,
    timezone: r.timezone,
    integration: r.integration,
    folder: r.folder,
    email: r.email === 1,
    emailTo: JSON.parse(r.email_to_json) as string[],
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function deliveryOf(r: DeliveryRow): ReportDelivery {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    at: r.at,
    trigger: r.trigger,
    destination: r.destination,
    status: r.status,
    target: r.target,
    bytes: r.bytes,
    reason: r.reason,
    error: r.error_json ? (JSON.parse(r.error_json) as StudioErrorShape) : null,
  };
}
