import { randomUUID } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import type { ConflictPolicy, SyncConflict, SyncWriteBack } from '../../../shared/model/sync';
import type { Project } from './project';

type ConflictRow = {
  id: string;
  job: string;
  run_id: string;
  entity: string;
  external_id: string;
  field: string;
  base_json: string;
  source_json: string;
  target_json: string;
  target_changed_at: string | null;
  status: SyncConflict['status'];
  decision_json: string | null;
  applied_run_id: string | null;
  created_at: string;
};

/** A write-back as the run plans it (where, which value, what it replaces). */
export interface PlannedWriteBack {
  entity: string;
  externalId: string;
  connectionId: string;
  table: string;
  keyColumn: string;
  field: string;
  column: string;
  before: unknown;
  value: unknown;
}

const json = (v: unknown) => JSON.stringify(v ?? null);

/**
 * The two-way sync's tables (migration 16): the conflict queue, the marks from which Academia
 * Pro's changes are pulled, and the write-backs into the legacy source. Also the baseline as a
 * two-way run needs it, values and not only hashes: a snapshot of the staged payloads the target
 * acknowledged, taken before the run's change set overwrites them (a temporary table, so a million
 * records never sit in memory).
 */
export class TwoWayRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  // ---- the baseline's values

  /** Copies the acknowledged payloads of an entity aside (staged and acknowledged the same: the values the target was last given). */
  snapshotBaseline(entity: string): number {
    this.db.exec('CREATE TEMP TABLE IF NOT EXISTS two_way_base (entity TEXT NOT NULL, external_id TEXT NOT NULL, payload_json TEXT NOT NULL, PRIMARY KEY (entity, external_id)) WITHOUT ROWID');
    this.db.prepare('DELETE FROM temp.two_way_base WHERE entity = ?').run(entity);
    return this.db
      .prepare(
        `INSERT INTO temp.two_way_base (entity, external_id, payload_json)
         SELECT n.name, s.external_id, s.payload_json FROM staged_records s JOIN staging_names n ON n.no = s.entity_no AND n.kind = 'entity'
         WHERE n.name = ? AND s.pushed_hash IS NOT NULL AND s.pushed_hash = s.row_hash`,
      )
      .run(entity).changes;
  }

  /** The snapshot's values of these keys (absent: no agreed values, e.g. never pushed). */
  baseValues(entity: string, externalIds: string[]): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < externalIds.length; i += 500) {
      const part = externalIds.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT external_id, payload_json FROM temp.two_way_base WHERE entity = ? AND external_id IN (${part.map(() => '?').join(', ')})`).raw().all(entity, ...part) as [string, string][];
      for (const [id, payload] of rows) out.set(id, JSON.parse(payload) as Record<string, unknown>);
    }
    return out;
  }

  /** What this run's change set holds for an entity: key → kind and record. */
  runChanges(runId: string, entity: string): Map<string, { kind: string; record: Record<string, unknown> | null }> {
    const rows = this.db.prepare('SELECT external_id, kind, record_json FROM sync_changes WHERE run_id = ? AND entity = ?').raw().all(runId, entity) as [string, string, string | null][];
    return new Map(rows.map(([id, kind, record]) => [id, { kind, record: record === null ? null : (JSON.parse(record) as Record<string, unknown>) }]));
  }

  /** Replaces (or adds) the record a run sends for a key (its canonical JSON and hash), and its line in the change set. */
  restage(runId: string, entity: string, externalId: string, staged: { json: string; hash: string }, change: boolean): void {
    const { json: payload, hash } = staged;
    this.db.transaction(() => {
      const run = this.number('run', runId);
      const ent = this.number('entity', entity);
      this.db
        .prepare('INSERT INTO staged_records (entity_no, external_id, run_no, payload_json, row_hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT(entity_no, external_id) DO UPDATE SET run_no = excluded.run_no, payload_json = excluded.payload_json, row_hash = excluded.row_hash')
        .run(ent, externalId, run, payload, Buffer.from(hash, 'hex'));
      if (change) this.db.prepare("INSERT OR REPLACE INTO sync_changes (run_id, entity, external_id, kind, record_json) VALUES (?, ?, ?, 'update', ?)").run(runId, entity, externalId, payload);
      else this.db.prepare('DELETE FROM sync_changes WHERE run_id = ? AND entity = ? AND external_id = ?').run(runId, entity, externalId);
    })();
  }

  private number(kind: 'entity' | 'run', name: string): number {
    const found = this.db.prepare('SELECT no FROM staging_names WHERE kind = ? AND name = ?').pluck().get(kind, name) as number | undefined;
    if (found !== undefined) return found;
    return Number(this.db.prepare('INSERT INTO staging_names (kind, name) VALUES (?, ?)').run(kind, name).lastInsertRowid);
  }

  // ---- pull marks

  pullMark(job: string, entity: string): string | null {
    return (this.db.prepare('SELECT since FROM sync_pull_marks WHERE job = ? AND entity = ?').pluck().get(job, entity) as string | undefined) ?? null;
  }

  setPullMark(job: string, entity: string, since: string): void {
    this.db.prepare('INSERT INTO sync_pull_marks (job, entity, since) VALUES (?, ?, ?) ON CONFLICT(job, entity) DO UPDATE SET since = excluded.since').run(job, entity, since);
  }

  // ---- conflicts

  addConflict(c: { job: string; runId: string; entity: string; externalId: string; field: string; base: unknown; source: unknown; target: unknown; targetChangedAt: string | null; policy: ConflictPolicy; winner: 'source' | 'target' | null; now: Date }): string {
    const id = `cf-${randomUUID().slice(0, 12)}`;
    const settled = c.winner !== null;
    const decision = c.winner ? { keep: c.winner, value: c.winner === 'source' ? c.source : c.target, by: `policy ${c.policy}`, at: c.now.toISOString() } : null;
    this.db
      .prepare('INSERT INTO sync_conflicts (id, job, run_id, entity, external_id, field, base_json, source_json, target_json, target_changed_at, policy, status, decision_json, applied_run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, c.job, c.runId, c.entity, c.externalId, c.field, json(c.base), json(c.source), json(c.target), c.targetChangedAt, c.policy, settled ? 'applied' : 'open', decision ? JSON.stringify(decision) : null, settled ? c.runId : null, c.now.toISOString());
    return id;
  }

  /** Conflicts not applied yet for these keys of a job's entity (open, or decided and waiting for the next run). */
  pendingConflicts(job: string, entity: string): SyncConflict[] {
    return (this.db.prepare("SELECT * FROM sync_conflicts WHERE job = ? AND entity = ? AND status IN ('open', 'decided') ORDER BY created_at, id").all(job, entity) as ConflictRow[]).map(toConflict);
  }

  listConflicts(filter: { job?: string; status?: SyncConflict['status'] | 'pending'; limit: number }): SyncConflict[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.job !== undefined) {
      where.push('job = ?');
      args.push(filter.job);
    }
    if (filter.status === 'pending') where.push("status IN ('open', 'decided')");
    else if (filter.status !== undefined) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT * FROM sync_conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as ConflictRow[]).map(toConflict);
  }

  getConflict(id: string): SyncConflict {
    const row = this.db.prepare('SELECT * FROM sync_conflicts WHERE id = ?').get(id) as ConflictRow | undefined;
    if (!row) throw new StudioError('SYNC_CONFLICT_NOT_FOUND', `There is no conflict ${id} in this project.`, 'List the conflicts (`sync <project> conflicts`) to find its id.');
    return toConflict(row);
  }

  decide(id: string, decision: NonNullable<SyncConflict['decision']>): void {
    this.db.prepare("UPDATE sync_conflicts SET status = 'decided', decision_json = ? WHERE id = ?").run(JSON.stringify(decision), id);
  }

  markApplied(ids: string[], runId: string): void {
    const stmt = this.db.prepare("UPDATE sync_conflicts SET status = 'applied', applied_run_id = ? WHERE id = ? AND status = 'decided'");
    this.db.transaction(() => {
      for (const id of ids) stmt.run(runId, id);
    })();
  }

  // ---- write-backs

  planWriteBacks(runId: string, items: PlannedWriteBack[]): void {
    const stmt = this.db.prepare(
      "INSERT OR REPLACE INTO sync_write_backs (run_id, entity, external_id, connection_id, table_name, key_column, field, column_name, before_json, value_json, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
    );
    this.db.transaction(() => {
      for (const w of items) stmt.run(runId, w.entity, w.externalId, w.connectionId, w.table, w.keyColumn, w.field, w.column, json(w.before), json(w.value));
    })();
  }

  /** Write-backs of a run still to write, or failed before (for a job: any of its runs'). */
  unwritten(filter: { runId: string } | { job: string }): (PlannedWriteBack & { runId: string })[] {
    const rows =
      'runId' in filter
        ? this.db.prepare("SELECT * FROM sync_write_backs WHERE run_id = ? AND status IN ('pending', 'failed') ORDER BY entity, external_id, field").all(filter.runId)
        : this.db.prepare("SELECT w.* FROM sync_write_backs w JOIN sync_runs r ON r.run_id = w.run_id WHERE r.job = ? AND w.status = 'failed' ORDER BY w.run_id, w.entity, w.external_id, w.field").all(filter.job);
    return (rows as Record<string, string>[]).map((r) => ({
      runId: r.run_id,
      entity: r.entity,
      externalId: r.external_id,
      connectionId: r.connection_id,
      table: r.table_name,
      keyColumn: r.key_column,
      field: r.field,
      column: r.column_name,
      before: JSON.parse(r.before_json) as unknown,
      value: JSON.parse(r.value_json) as unknown,
    }));
  }

  setWriteBackStatus(items: { runId: string; entity: string; externalId: string; field: string }[], status: 'written' | 'failed'): void {
    const stmt = this.db.prepare('UPDATE sync_write_backs SET status = ? WHERE run_id = ? AND entity = ? AND external_id = ? AND field = ?');
    this.db.transaction(() => {
      for (const w of items) stmt.run(status, w.runId, w.entity, w.externalId, w.field);
    })();
  }

  writeBacks(runId: string): SyncWriteBack[] {
    return (this.db.prepare('SELECT * FROM sync_write_backs WHERE run_id = ? ORDER BY entity, external_id, field').all(runId) as Record<string, string>[]).map((r) => ({
      runId: r.run_id,
      entity: r.entity,
      externalId: r.external_id,
      table: r.table_name,
      column: r.column_name,
      field: r.field,
      before: JSON.parse(r.before_json) as unknown,
      value: JSON.parse(r.value_json) as unknown,
      status: r.status as SyncWriteBack['status'],
    }));
  }
}

function toConflict(r: ConflictRow): SyncConflict {
  return {
    id: r.id,
    job: r.job,
    runId: r.run_id,
    entity: r.entity,
    externalId: r.external_id,
    field: r.field,
    base: JSON.parse(r.base_json) as unknown,
    source: JSON.parse(r.source_json) as unknown,
    target: JSON.parse(r.target_json) as unknown,
    targetChangedAt: r.target_changed_at,
    status: r.status,
    decision: r.decision_json ? (JSON.parse(r.decision_json) as SyncConflict['decision']) : null,
    appliedRunId: r.applied_run_id,
    createdAt: r.created_at,
  };
}
