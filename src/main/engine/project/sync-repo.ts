import { StudioError } from '../../../shared/errors';
import type { SyncChange, SyncChangeCount, SyncDecision, SyncDefinition, SyncHold, SyncWarning } from '../../../shared/model/sync';
import type { Project } from './project';

/** What a definition row holds beside its JSON (the seed's status columns). */
type DefinitionRow = {
  name: string;
  definition_json: string;
  last_status: string | null;
  last_run_id: string | null;
  records_processed: number;
  records_failed: number;
  duration_ms: number | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  created_at: string;
  updated_at: string;
};

/** The settings part of a definition (what `define`/`update` write); the rest is the run record. */
export type DefinitionSettings = Pick<SyncDefinition, 'name' | 'type' | 'direction' | 'entities' | 'sourceTimeZone' | 'schedule' | 'gate' | 'events'>;

/** The sync's side of a run (its run row lives in `runs`). */
export interface SyncRunRecord {
  runId: string;
  job: string;
  changes: SyncChangeCount[];
  held: SyncHold | null;
  warnings: SyncWarning[];
  decisions: SyncDecision[];
  /** Cursor states this run commits once it has pushed, by entity. */
  pendingCursors: Record<string, unknown>;
}

/** A record the baseline holds: the hash the target last acknowledged (null: staged, never acknowledged). */
export interface BaselineRecord {
  externalId: string;
  pushedHash: string | null;
}

/**
 * Sync definitions, runs, change sets, cursors and the records a sync removed (migration 10).
 * The delta's baseline is read from `staged_records`: per key, the hash the target last
 * acknowledged, so the first delta after a migration starts from that run's staged hashes.
 */
export class SyncRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  // ---- definitions

  listDefinitions(): SyncDefinition[] {
    return (this.db.prepare('SELECT * FROM sync_definitions ORDER BY name').all() as DefinitionRow[]).map(toDefinition);
  }

  findDefinition(name: string): SyncDefinition | null {
    const row = this.db.prepare('SELECT * FROM sync_definitions WHERE name = ?').get(name) as DefinitionRow | undefined;
    return row ? toDefinition(row) : null;
  }

  getDefinition(name: string): SyncDefinition {
    const def = this.findDefinition(name);
    if (!def) throw new StudioError('SYNC_NOT_FOUND', `This project has no sync named "${name}".`, 'List the syncs with `academia-studio sync <project> list`, or define it first.');
    return def;
  }

  insertDefinition(settings: DefinitionSettings, now: Date): void {
    if (this.findDefinition(settings.name)) throw new StudioError('SYNC_INVALID', `A sync named "${settings.name}" already exists.`, 'Choose another name, or change the existing one (syncs.update).');
    const at = now.toISOString();
    this.db.prepare('INSERT INTO sync_definitions (name, definition_json, created_at, updated_at) VALUES (?, ?, ?, ?)').run(settings.name, JSON.stringify(settings), at, at);
  }

  replaceDefinition(settings: DefinitionSettings, now: Date): void {
    this.getDefinition(settings.name);
    this.db.prepare('UPDATE sync_definitions SET definition_json = ?, updated_at = ? WHERE name = ?').run(JSON.stringify(settings), now.toISOString(), settings.name);
  }

  removeDefinition(name: string): void {
    this.getDefinition(name);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sync_definitions WHERE name = ?').run(name);
      this.db.prepare('DELETE FROM sync_cursors WHERE job = ?').run(name);
    })();
  }

  /** The status columns after a run (or a hold) of the definition. */
  recordOutcome(name: string, o: { status: string; runId: string; processed: number; failed: number; durationMs: number | null; at: Date }): void {
    this.db
      .prepare('UPDATE sync_definitions SET last_status = ?, last_run_id = ?, records_processed = ?, records_failed = ?, duration_ms = ?, last_sync_at = ? WHERE name = ?')
      .run(o.status, o.runId, o.processed, o.failed, o.durationMs, o.at.toISOString(), name);
  }

  /** The scheduler's next planned run (null: none). */
  setNextSync(name: string, at: Date | null): void {
    this.db.prepare('UPDATE sync_definitions SET next_sync_at = ? WHERE name = ?').run(at ? at.toISOString() : null, name);
  }

  // ---- runs

  createRun(runId: string, job: string): void {
    this.db.prepare('INSERT INTO sync_runs (run_id, job) VALUES (?, ?)').run(runId, job);
  }

  findRun(runId: string): SyncRunRecord | null {
    const row = this.db.prepare('SELECT * FROM sync_runs WHERE run_id = ?').get(runId) as Record<string, string> | undefined;
    return row ? toRunRecord(row) : null;
  }

  runIds(job: string | null, limit: number): string[] {
    const sql = `SELECT s.run_id FROM sync_runs s JOIN runs r ON r.id = s.run_id ${job === null ? '' : 'WHERE s.job = ?'} ORDER BY r.started_at DESC, s.run_id DESC LIMIT ?`;
    return (job === null ? this.db.prepare(sql).pluck().all(limit) : this.db.prepare(sql).pluck().all(job, limit)) as string[];
  }

  /** The job's runs still held by their gate (a new run supersedes them). */
  heldRunIds(job: string): string[] {
    return this.db.prepare("SELECT s.run_id FROM sync_runs s JOIN runs r ON r.id = s.run_id WHERE s.job = ? AND r.status = 'Paused'").pluck().all(job) as string[];
  }

  updateRun(runId: string, patch: Partial<Omit<SyncRunRecord, 'runId' | 'job'>>): void {
    const cols: Record<keyof typeof patch, string> = { changes: 'changes_json', held: 'held_json', warnings: 'warnings_json', decisions: 'decisions_json', pendingCursors: 'pending_cursors_json' };
    for (const [key, value] of Object.entries(patch)) {
      const col = cols[key as keyof typeof patch];
      this.db.prepare(`UPDATE sync_runs SET ${col} = ? WHERE run_id = ?`).run(value === null ? null : JSON.stringify(value), runId);
    }
  }

  // ---- change sets

  recordChanges(runId: string, entity: string, changes: { externalId: string; kind: SyncChange['kind']; record: Record<string, unknown> | null; json?: string }[]): void {
    if (!changes.length) return;
    const insert = this.db.prepare('INSERT OR REPLACE INTO sync_changes (run_id, entity, external_id, kind, record_json) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const c of changes) insert.run(runId, entity, c.externalId, c.kind, c.record === null ? null : (c.json ?? JSON.stringify(c.record)));
    })();
  }

  /** Counts by entity and kind. */
  changeCounts(runId: string): { entity: string; kind: SyncChange['kind']; n: number }[] {
    return this.db.prepare('SELECT entity, kind, count(*) AS n FROM sync_changes WHERE run_id = ? GROUP BY entity, kind').all(runId) as { entity: string; kind: SyncChange['kind']; n: number }[];
  }

  changePage(runId: string, entity: string | null, limit: number, offset: number): { total: number; changes: SyncChange[] } {
    const where = entity === null ? 'run_id = ?' : 'run_id = ? AND entity = ?';
    const args = entity === null ? [runId] : [runId, entity];
    const total = this.db.prepare(`SELECT count(*) FROM sync_changes WHERE ${where}`).pluck().get(...args) as number;
    const rows = this.db.prepare(`SELECT entity, external_id, kind, record_json FROM sync_changes WHERE ${where} ORDER BY entity, external_id LIMIT ? OFFSET ?`).all(...args, limit, offset) as { entity: string; external_id: string; kind: SyncChange['kind']; record_json: string | null }[];
    return { total, changes: rows.map((r) => ({ entity: r.entity, externalId: r.external_id, kind: r.kind, record: r.record_json === null ? null : (JSON.parse(r.record_json) as Record<string, unknown>) })) };
  }

  /** A run's changes of one kind for one entity, in key order after `after` (keyset pages). */
  changeKeys(runId: string, entity: string, kind: SyncChange['kind'], after: string | null, limit: number): string[] {
    return this.db.prepare('SELECT external_id FROM sync_changes WHERE run_id = ? AND entity = ? AND kind = ? AND external_id > ? ORDER BY external_id LIMIT ?').pluck().all(runId, entity, kind, after ?? '', limit) as string[];
  }

  /**
   * How many records of `dependent` refer (by `field`) to a record of `entity` this run deletes or
   * withdraws; with `other`, how many distinct values of that field they carry (the classes that
   * would lose their teacher, rather than the class-teacher links).
   */
  dependentsOfRemoved(runId: string, entity: string, dependent: string, field: string, other: string | null): number {
    const path = `$.${JSON.stringify(field)}`;
    const counted = other === null ? 'count(*)' : `count(DISTINCT json_extract(s.payload_json, '$.' || ?))`;
    const sql = `SELECT ${counted} FROM staged_records s JOIN staging_names n ON n.no = s.entity_no AND n.kind = 'entity' AND n.name = ?
      WHERE s.pushed_hash IS NOT NULL AND json_extract(s.payload_json, ?) IN (SELECT external_id FROM sync_changes WHERE run_id = ? AND entity = ? AND kind IN ('delete', 'withdraw'))
      AND NOT EXISTS (SELECT 1 FROM sync_gone g WHERE g.entity = n.name AND g.external_id = s.external_id)`;
    const args = other === null ? [dependent, path, runId, entity] : [JSON.stringify(other), dependent, path, runId, entity];
    return this.db.prepare(sql).pluck().get(...args) as number;
  }

  // ---- the delta's baseline (staged_records)

  /** The baseline entries of these keys (absent: the target never had the key from this project). */
  baseline(entity: string, externalIds: string[]): Map<string, string | null> {
    const out = new Map<string, string | null>();
    const ent = this.entityNo(entity);
    if (ent === null || !externalIds.length) return out;
    for (let i = 0; i < externalIds.length; i += 500) {
      const part = externalIds.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT external_id, pushed_hash FROM staged_records WHERE entity_no = ? AND external_id IN (${part.map(() => '?').join(', ')})`).raw().all(ent, ...part) as [string, Buffer | null][];
      for (const [id, hash] of rows) out.set(id, hash ? hash.toString('hex') : null);
    }
    return out;
  }

  /** Keys the target acknowledged and no sync removed since, in key order after `after` (deletes are looked for among them). */
  acknowledgedKeys(entity: string, after: string | null, limit: number): string[] {
    const ent = this.entityNo(entity);
    if (ent === null) return [];
    return this.db
      .prepare(
        `SELECT s.external_id FROM staged_records s WHERE s.entity_no = ? AND s.pushed_hash IS NOT NULL AND s.external_id > ?
         AND NOT EXISTS (SELECT 1 FROM sync_gone g WHERE g.entity = ? AND g.external_id = s.external_id) ORDER BY s.external_id LIMIT ?`,
      )
      .pluck()
      .all(ent, after ?? '', entity, limit) as string[];
  }

  /** The records last staged for these keys (what a withdrawal starts from). */
  stagedRecords(entity: string, externalIds: string[]): { externalId: string; record: Record<string, unknown> }[] {
    const ent = this.entityNo(entity);
    const out: { externalId: string; record: Record<string, unknown> }[] = [];
    if (ent === null) return out;
    for (let i = 0; i < externalIds.length; i += 500) {
      const part = externalIds.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT external_id, payload_json FROM staged_records WHERE entity_no = ? AND external_id IN (${part.map(() => '?').join(', ')}) ORDER BY external_id`).raw().all(ent, ...part) as [string, string][];
      for (const [externalId, json] of rows) out.push({ externalId, record: JSON.parse(json) as Record<string, unknown> });
    }
    return out;
  }

  /** How many records of the entity the target holds from this project (what the gate's shares are of). */
  acknowledgedCount(entity: string): number {
    const ent = this.entityNo(entity);
    if (ent === null) return 0;
    return this.db
      .prepare('SELECT count(*) FROM staged_records s WHERE s.entity_no = ? AND s.pushed_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_gone g WHERE g.entity = ? AND g.external_id = s.external_id)')
      .pluck()
      .get(ent, entity) as number;
  }

  // ---- cursors and removed records

  cursorState(job: string, entity: string): unknown {
    const json = this.db.prepare('SELECT state_json FROM sync_cursors WHERE job = ? AND entity = ?').pluck().get(job, entity) as string | undefined;
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }

  setCursorState(job: string, entity: string, state: unknown, now: Date): void {
    this.db.prepare('INSERT INTO sync_cursors (job, entity, state_json, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(job, entity) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at').run(job, entity, JSON.stringify(state), now.toISOString());
  }

  goneKeys(entity: string): Set<string> {
    return new Set(this.db.prepare('SELECT external_id FROM sync_gone WHERE entity = ?').pluck().all(entity) as string[]);
  }

  markGone(entity: string, externalIds: string[], runId: string, policy: 'delete' | 'withdraw', now: Date): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO sync_gone (entity, external_id, run_id, policy, at) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const id of externalIds) stmt.run(entity, id, runId, policy, now.toISOString());
    })();
  }

  /** Keys that came back in the source: ordinary records again. */
  forgetGone(entity: string, externalIds: string[]): void {
    const stmt = this.db.prepare('DELETE FROM sync_gone WHERE entity = ? AND external_id = ?');
    this.db.transaction(() => {
      for (const id of externalIds) stmt.run(entity, id);
    })();
  }

  private entityNo(entity: string): number | null {
    return (this.db.prepare("SELECT no FROM staging_names WHERE kind = 'entity' AND name = ?").pluck().get(entity) as number | undefined) ?? null;
  }
}

function toDefinition(row: DefinitionRow): SyncDefinition {
  const settings = JSON.parse(row.definition_json) as DefinitionSettings;
  return {
    ...settings,
    lastStatus: (row.last_status as SyncDefinition['lastStatus']) ?? null,
    lastRunId: row.last_run_id,
    recordsProcessed: row.records_processed,
    recordsFailed: row.records_failed,
    durationMs: row.duration_ms,
    lastSyncAt: row.last_sync_at,
    nextSyncAt: row.next_sync_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRunRecord(row: Record<string, string>): SyncRunRecord {
  return {
    runId: row.run_id,
    job: row.job,
    changes: JSON.parse(row.changes_json) as SyncChangeCount[],
    held: row.held_json ? (JSON.parse(row.held_json) as SyncHold) : null,
    warnings: JSON.parse(row.warnings_json) as SyncWarning[],
    decisions: JSON.parse(row.decisions_json) as SyncDecision[],
    pendingCursors: JSON.parse(row.pending_cursors_json) as Record<string, unknown>,
  };
}
