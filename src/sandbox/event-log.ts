import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../platform/open-sqlite';

/** The event types of the document (components.schemas.EventType). */
export const EVENT_TYPES = ['record.created', 'record.updated', 'record.deleted', 'attachment.stored', 'attachment.deleted', 'bulk-operation.completed', 'bulk-operation.failed', 'webhook.test'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Something that happened, as the sandbox keeps it. */
export interface SandboxEvent {
  seq: number;
  id: string;
  type: EventType;
  occurredAt: number;
  schoolId: string | null;
  data: Record<string, unknown>;
}

/**
 * The sandbox's event log: one row per event, in order. The events feed reads it by sequence;
 * listeners (the webhook dispatcher) hear of each event as it is appended, inside the writer's
 * transaction, so a delivery exists exactly when its event does.
 */
export class EventLog {
  private readonly listeners: ((event: SandboxEvent) => void)[] = [];
  private readonly insert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: () => number,
  ) {
    this.insert = db.prepare('INSERT INTO events (id, type, school, data, occurred_at) VALUES (?, ?, ?, ?, ?)');
  }

  onAppend(listener: (event: SandboxEvent) => void): void {
    this.listeners.push(listener);
  }

  append(type: EventType, schoolId: string | null, data: Record<string, unknown>): SandboxEvent {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const occurredAt = this.clock();
    const info = this.insert.run(id, type, schoolId, JSON.stringify(data), occurredAt);
    const event: SandboxEvent = { seq: Number(info.lastInsertRowid), id, type, occurredAt, schoolId, data };
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Events after `afterSeq`, oldest first, optionally only of some types. */
  page(afterSeq: number, limit: number, types: readonly string[] | null): { events: SandboxEvent[]; more: boolean } {
    const filter = types && types.length ? `AND type IN (${types.map(() => '?').join(', ')})` : '';
    const rows = this.db.prepare(`SELECT * FROM events WHERE seq > ? ${filter} ORDER BY seq LIMIT ?`).all(afterSeq, ...(types ?? []), limit + 1) as EventRow[];
    const more = rows.length > limit;
    return { events: rows.slice(0, limit).map(toEvent), more };
  }

  bySeq(seq: number): SandboxEvent | undefined {
    const row = this.db.prepare('SELECT * FROM events WHERE seq = ?').get(seq) as EventRow | undefined;
    return row && toEvent(row);
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
  }
}

/** An event as the API shows it (the Event schema; also the body of a webhook delivery). */
export function toApiEvent(e: SandboxEvent): Record<string, unknown> {
  return { id: e.id, type: e.type, occurredAt: new Date(e.occurredAt).toISOString(), schoolId: e.schoolId, data: e.data };
}

interface EventRow {
  seq: number;
  id: string;
  type: EventType;
  school: string | null;
  data: string;
  occurred_at: number;
}

function toEvent(row: EventRow): SandboxEvent {
  return { seq: row.seq, id: row.id, type: row.type, occurredAt: row.occurred_at, schoolId: row.school, data: JSON.parse(row.data) as Record<string, unknown> };
}
