import type { Project } from './project';

/** A record as the target held it before a run changed it: its writable fields and its version. */
export interface Preimage {
  externalId: string;
  version: number;
  /** Canonical JSON of the record's writable fields. */
  json: string;
}

/** A record a rollback still has to put back: what the run did to it and, for an update, the pre-image. */
export interface PendingRollbackItem {
  externalId: string;
  /** The version the run's push left the record at (the If-Match of the rollback). */
  version: number | null;
  preimage: { version: number; record: Record<string, unknown> } | null;
}

export type RollbackAction = 'restore' | 'delete';
/** restored / deleted: done by the rollback; unchanged: the record already was as before the run; conflict: left for a person. */
export type RollbackOutcome = 'restored' | 'deleted' | 'unchanged' | 'conflict';

export interface RollbackItemOutcome {
  externalId: string;
  action: RollbackAction;
  outcome: RollbackOutcome;
  code?: string | null;
  reason?: string | null;
  /** The version the rollback expected the record at (the run's). */
  expectedVersion?: number | null;
  /** The version the target said the record is at, when it refused. */
  targetVersion?: number | null;
}

export interface RollbackEntityCounts {
  entity: string;
  restored: number;
  deleted: number;
  unchanged: number;
  conflicts: number;
}

export interface RollbackConflictRow {
  entity: string;
  externalId: string;
  action: RollbackAction;
  code: string | null;
  reason: string | null;
  expectedVersion: number | null;
  targetVersion: number | null;
}

/** What the push's pre-image capture needs of the project file (injected into stages). */
export type PreimageStore = Pick<RollbackRepo, 'scanned' | 'stagedAmong' | 'savePreimages' | 'markScanned'>;

/**
 * Pre-images and rollbacks in the project file (migration 9). Pre-images are written a target
 * page at a time while a push's capture stage reads the target; a rollback reads what a run did a
 * page at a time from `push_receipts` (keyset by externalId, so memory stays bounded however
 * large the run) and checkpoints each answered batch in `rollback_items`, one transaction per
 * batch, so a rollback stopped anywhere resumes with exactly the records it had not finished.
 */
export class RollbackRepo {
  private readonly selectName;
  private readonly selectStagedAmong;
  private readonly insertPreimage;
  private readonly pendingFirst;
  private readonly pendingAfter;
  private readonly insertItem;

  constructor(private readonly project: Project) {
    const db = project.db;
    this.selectName = db.prepare('SELECT no FROM staging_names WHERE kind = ? AND name = ?').pluck();
    this.selectStagedAmong = db.prepare('SELECT external_id, payload_json FROM staged_records WHERE entity_no = ? AND run_no = ? AND external_id IN (SELECT value FROM json_each(?))').raw();
    this.insertPreimage = db.prepare('INSERT INTO run_preimages (run_id, entity, external_id, version, record_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    // What a run changed and a rollback has not finished: receipts in externalId order (the
    // primary key's), each with its pre-image, skipping what rollback_items already holds.
    const pending = `SELECT r.external_id, r.version, p.version, p.record_json FROM push_receipts r
      LEFT JOIN run_preimages p ON p.run_id = r.run_id AND p.entity = r.entity AND p.external_id = r.external_id
      WHERE r.run_id = ? AND r.entity = ? AND r.status = ?
        AND NOT EXISTS (SELECT 1 FROM rollback_items i WHERE i.source_run_id = r.run_id AND i.entity = r.entity AND i.external_id = r.external_id)`;
    this.pendingFirst = db.prepare(`${pending} ORDER BY r.external_id LIMIT ?`).raw();
    this.pendingAfter = db.prepare(`${pending} AND r.external_id > ? ORDER BY r.external_id LIMIT ?`).raw();
    this.insertItem = db.prepare(
      `INSERT INTO rollback_items (source_run_id, entity, external_id, action, outcome, rollback_run_id, code, reason, expected_version, target_version, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
  }

  // Pre-images (the push's capture stage).

  /** Whether the pre-images of a run's entity were captured completely (before its push began). */
  scanned(runId: string, entity: string): boolean {
    return this.project.db.prepare('SELECT 1 FROM run_preimage_scans WHERE run_id = ? AND entity = ?').get(runId, entity) !== undefined;
  }

  /** Of `externalIds` (one target page), those this run staged for the entity, with their staged canonical JSON. */
  stagedAmong(runId: string, entity: string, externalIds: readonly string[]): Map<string, string> {
    const run = this.selectName.get('run', runId) as number | undefined;
    const ent = this.selectName.get('entity', entity) as number | undefined;
    if (run === undefined || ent === undefined || !externalIds.length) return new Map();
    return new Map(this.selectStagedAmong.all(ent, run, JSON.stringify(externalIds)) as [string, string][]);
  }

  /** Keeps pre-images; the first one kept for a record wins (a later read may already see the run's write). */
  savePreimages(runId: string, entity: string, preimages: readonly Preimage[]): void {
    if (!preimages.length) return;
    this.project.db.transaction(() => {
      for (const p of preimages) this.insertPreimage.run(runId, entity, p.externalId, p.version, p.json);
    })();
  }

  markScanned(runId: string, entity: string, counts: { targetRecords: number; preimages: number }, now: Date): void {
    this.project.db
      .prepare('INSERT INTO run_preimage_scans (run_id, entity, scanned_at, target_records, preimages) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(runId, entity, now.toISOString(), counts.targetRecords, counts.preimages);
  }

  // Rollbacks.

  createRollback(rollbackRunId: string, sourceRunId: string, entity: string | null): void {
    this.project.db.prepare('INSERT INTO rollbacks (run_id, source_run_id, entity) VALUES (?, ?, ?)').run(rollbackRunId, sourceRunId, entity);
  }

  /** The rolled-back run and scope of a rollback run, or null when the run is no rollback. */
  rollbackOf(rollbackRunId: string): { sourceRunId: string; entity: string | null } | null {
    const row = this.project.db.prepare('SELECT source_run_id, entity FROM rollbacks WHERE run_id = ?').get(rollbackRunId) as { source_run_id: string; entity: string | null } | undefined;
    return row ? { sourceRunId: row.source_run_id, entity: row.entity } : null;
  }

  /** The latest rollback of a run with this scope that stopped before finishing (to be resumed), if any. */
  unfinishedRollback(sourceRunId: string, entity: string | null): string | null {
    const row = this.project.db
      .prepare(
        `SELECT b.run_id FROM rollbacks b JOIN runs r ON r.id = b.run_id
         WHERE b.source_run_id = ? AND b.entity IS ? AND r.status IN ('Interrupted', 'Failed', 'Cancelled')
         ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1`,
      )
      .get(sourceRunId, entity) as { run_id: string } | undefined;
    return row?.run_id ?? null;
  }

  /** The entities a run wrote to (created or updated at least one record). */
  changedEntities(sourceRunId: string): string[] {
    return this.project.db.prepare("SELECT DISTINCT entity FROM push_receipts WHERE run_id = ? AND status IN ('created', 'updated')").pluck().all(sourceRunId) as string[];
  }

  /** Records of the entity the run created or updated that no rollback has finished yet. */
  pendingCount(sourceRunId: string, entity: string): number {
    return this.project.db
      .prepare(
        `SELECT count(*) FROM push_receipts r WHERE r.run_id = ? AND r.entity = ? AND r.status IN ('created', 'updated')
           AND NOT EXISTS (SELECT 1 FROM rollback_items i WHERE i.source_run_id = r.run_id AND i.entity = r.entity AND i.external_id = r.external_id)`,
      )
      .pluck()
      .get(sourceRunId, entity) as number;
  }

  /**
   * The next page of records to restore (`updated` by the run) or delete (`created`), after
   * `after` in externalId order. With `after` null the page starts at the first unfinished
   * record, so a resumed rollback's first page is exactly the batch it was sending when it stopped.
   */
  pending(sourceRunId: string, entity: string, action: RollbackAction, after: string | null, limit: number): PendingRollbackItem[] {
    const status = action === 'restore' ? 'updated' : 'created';
    const rows = (after === null ? this.pendingFirst.all(sourceRunId, entity, status, limit) : this.pendingAfter.all(sourceRunId, entity, status, after, limit)) as [string, number | null, number | null, string | null][];
    return rows.map(([externalId, version, preVersion, preJson]) => ({
      externalId,
      version,
      preimage: preVersion !== null && preJson !== null ? { version: preVersion, record: JSON.parse(preJson) as Record<string, unknown> } : null,
    }));
  }

  /** Checkpoints one answered batch: every record's outcome in one transaction. */
  recordOutcomes(rollbackRunId: string, sourceRunId: string, entity: string, items: readonly RollbackItemOutcome[], now: Date): void {
    if (!items.length) return;
    const at = now.toISOString();
    this.project.db.transaction(() => {
      for (const i of items) this.insertItem.run(sourceRunId, entity, i.externalId, i.action, i.outcome, rollbackRunId, i.code ?? null, i.reason ?? null, i.expectedVersion ?? null, i.targetVersion ?? null, at);
    })();
  }

  /** What a rollback run did, per entity (entities it did nothing to are left out). */
  counts(rollbackRunId: string): RollbackEntityCounts[] {
    const rows = this.project.db.prepare('SELECT entity, outcome, count(*) AS n FROM rollback_items WHERE rollback_run_id = ? GROUP BY entity, outcome').all(rollbackRunId) as { entity: string; outcome: RollbackOutcome; n: number }[];
    const byEntity = new Map<string, RollbackEntityCounts>();
    for (const r of rows) {
      let c = byEntity.get(r.entity);
      if (!c) byEntity.set(r.entity, (c = { entity: r.entity, restored: 0, deleted: 0, unchanged: 0, conflicts: 0 }));
      if (r.outcome === 'conflict') c.conflicts += r.n;
      else c[r.outcome] += r.n;
    }
    return [...byEntity.values()];
  }

  /** A page of a rollback run's conflicts (records left for a person), in entity and externalId order, and how many there are. */
  conflicts(rollbackRunId: string, options: { entity?: string; limit: number; offset: number }): { rows: RollbackConflictRow[]; total: number } {
    const where = `rollback_run_id = ? AND outcome = 'conflict'${options.entity ? ' AND entity = ?' : ''}`;
    const args: unknown[] = options.entity ? [rollbackRunId, options.entity] : [rollbackRunId];
    const total = this.project.db.prepare(`SELECT count(*) FROM rollback_items WHERE ${where}`).pluck().get(...args) as number;
    const rows = this.project.db
      .prepare(`SELECT entity, external_id, action, code, reason, expected_version, target_version FROM rollback_items WHERE ${where} ORDER BY entity, external_id LIMIT ? OFFSET ?`)
      .all(...args, options.limit, options.offset) as { entity: string; external_id: string; action: RollbackAction; code: string | null; reason: string | null; expected_version: number | null; target_version: number | null }[];
    return {
      total,
      rows: rows.map((r) => ({ entity: r.entity, externalId: r.external_id, action: r.action, code: r.code, reason: r.reason, expectedVersion: r.expected_version, targetVersion: r.target_version })),
    };
  }
}
