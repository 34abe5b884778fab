import type { Counters } from '../../../shared/model/counters';
import type { Project } from './project';

/** A record ready for the target, with the hash of its canonical JSON. */
export interface StagedRecord {
  externalId: string;
  payload: Record<string, unknown>;
  hash: string;
}

export interface RejectedRow {
  externalId: string | null;
  sourceRow: number | null;
  errors: { field: string | null; message: string; code?: string }[];
  row: Record<string, unknown>;
}

export interface PushReceipt {
  externalId: string;
  status: 'created' | 'updated' | 'unchanged' | 'rejected';
  targetId: string | null;
  version: number | null;
}

/**
 * Staged rows, rejects and push receipts. These are the hot paths of a run, so they use
 * prepared statements inside one transaction per batch rather than the query builder.
 */
export class StagingRepo {
  private readonly selectOwner;
  private readonly upsertStaged;
  private readonly insertReject;
  private readonly insertReceipt;
  private readonly markPushed;

  constructor(private readonly project: Project) {
    const db = project.db;
    this.selectOwner = db.prepare('SELECT run_id FROM staged_rows WHERE entity = ? AND external_id = ?').pluck();
    this.upsertStaged = db.prepare(
      `INSERT INTO staged_rows (entity, external_id, run_id, payload_json, row_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(entity, external_id) DO UPDATE SET run_id = excluded.run_id, payload_json = excluded.payload_json, row_hash = excluded.row_hash`,
    );
    this.insertReject = db.prepare('INSERT INTO rejects (run_id, entity, stage, external_id, source_row, errors_json, row_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertReceipt = db.prepare(
      `INSERT INTO push_receipts (run_id, entity, external_id, status, target_id, version, idempotency_key, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(run_id, entity, external_id) DO UPDATE SET status = excluded.status, target_id = excluded.target_id, version = excluded.version, idempotency_key = excluded.idempotency_key, pushed_at = excluded.pushed_at`,
    );
    this.markPushed = db.prepare('UPDATE staged_rows SET pushed_hash = row_hash, target_id = ?, target_version = ? WHERE entity = ? AND external_id = ?');
  }

  /**
   * Stages a batch in one transaction. A record whose externalId was already staged by this
   * same run is a duplicate key in the source: it is returned, not silently merged.
   */
  stage(runId: string, entity: string, records: StagedRecord[]): { staged: number; duplicates: StagedRecord[] } {
    const duplicates: StagedRecord[] = [];
    let staged = 0;
    this.project.db.transaction(() => {
      for (const r of records) {
        if (this.selectOwner.get(entity, r.externalId) === runId) {
          duplicates.push(r);
          continue;
        }
        this.upsertStaged.run(entity, r.externalId, runId, JSON.stringify(r.payload), r.hash);
        staged++;
      }
    })();
    return { staged, duplicates };
  }

  reject(runId: string, entity: string, stage: 'transform' | 'validate' | 'target', rows: RejectedRow[]): void {
    if (!rows.length) return;
    this.project.db.transaction(() => {
      for (const r of rows) this.insertReject.run(runId, entity, stage, r.externalId, r.sourceRow, JSON.stringify(r.errors), JSON.stringify(r.row));
    })();
  }

  /** Rejects of several stages (a batch's bad rows, in order) in one transaction. */
  rejectRows(runId: string, entity: string, rows: (RejectedRow & { stage: 'transform' | 'validate' | 'target' })[]): void {
    if (!rows.length) return;
    this.project.db.transaction(() => {
      for (const r of rows) this.insertReject.run(runId, entity, r.stage, r.externalId, r.sourceRow, JSON.stringify(r.errors), JSON.stringify(r.row));
    })();
  }

  /** Staged records of a run, in externalId order after `after` (keyset pages for the push). */
  page(runId: string, entity: string, after: string | null, limit: number): StagedRecord[] {
    const rows = this.project.db
      .prepare(`SELECT external_id, payload_json, row_hash FROM staged_rows WHERE run_id = ? AND entity = ? ${after === null ? '' : 'AND external_id > ?'} ORDER BY external_id LIMIT ?`)
      .all(...(after === null ? [runId, entity, limit] : [runId, entity, after, limit])) as { external_id: string; payload_json: string; row_hash: string }[];
    return rows.map((r) => ({ externalId: r.external_id, payload: JSON.parse(r.payload_json), hash: r.row_hash }));
  }

  /** Records the target's answer for a batch; only acknowledged records count as pushed. */
  recordReceipts(runId: string, entity: string, idempotencyKey: string, receipts: PushReceipt[], now: Date): void {
    const at = now.toISOString();
    this.project.db.transaction(() => {
      for (const r of receipts) {
        this.insertReceipt.run(runId, entity, r.externalId, r.status, r.targetId, r.version, idempotencyKey, at);
        if (r.status !== 'rejected') this.markPushed.run(r.targetId, r.version, entity, r.externalId);
      }
    })();
  }

  /** What a push of this run's staged rows would do, judged from what the target last acknowledged. */
  predict(runId: string, entity: string): Pick<Counters, 'created' | 'updated' | 'unchanged'> {
    const row = this.project.db
      .prepare(
        `SELECT
           sum(CASE WHEN pushed_hash IS NULL THEN 1 ELSE 0 END) AS created,
           sum(CASE WHEN pushed_hash IS NOT NULL AND pushed_hash <> row_hash THEN 1 ELSE 0 END) AS updated,
           sum(CASE WHEN pushed_hash = row_hash THEN 1 ELSE 0 END) AS unchanged
         FROM staged_rows WHERE run_id = ? AND entity = ?`,
      )
      .get(runId, entity) as { created: number | null; updated: number | null; unchanged: number | null };
    return { created: row.created ?? 0, updated: row.updated ?? 0, unchanged: row.unchanged ?? 0 };
  }

  stagedCount(runId: string, entity: string): number {
    return (this.project.db.prepare('SELECT count(*) AS n FROM staged_rows WHERE run_id = ? AND entity = ?').get(runId, entity) as { n: number }).n;
  }

  receiptIds(runId: string, entity: string): { acknowledged: string[]; rejected: number } {
    const rows = this.project.db.prepare('SELECT external_id, status FROM push_receipts WHERE run_id = ? AND entity = ?').all(runId, entity) as { external_id: string; status: string }[];
    return { acknowledged: rows.filter((r) => r.status !== 'rejected').map((r) => r.external_id), rejected: rows.filter((r) => r.status === 'rejected').length };
  }
}
