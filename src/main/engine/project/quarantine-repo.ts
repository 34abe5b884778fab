import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { RejectStage } from '../../../shared/api/contracts/rejects';

/** A value a person typed for one field of one reject, with who and when. */
export interface StoredCorrection {
  rejectId: number;
  field: string;
  value: unknown;
  by: string;
  at: string;
}

/** What the last re-run made of a reject. */
export interface StoredOutcome {
  rejectId: number;
  rerunId: string;
  status: 'resolved' | 'failing' | 'missing';
  /** The reasons it was rejected again with (`failing`). */
  errors: { field: string | null; message: string; code?: string }[] | null;
  at: string;
}

/** A reject a re-run has to read again: where it was in the source, its key, and its corrections. */
export interface PendingReject {
  id: number;
  stage: RejectStage;
  key: string | null;
  sourceRow: number | null;
  corrections: { field: string; value: unknown }[];
}

/**
 * The quarantine's own tables (migration 18): corrections, re-runs and their outcomes. The
 * rejects themselves stay as the run wrote them (RejectsRepo); a re-run's new reasons live in its
 * outcome and in the re-run's own rejects.
 */
export class QuarantineRepo {
  constructor(private readonly db: SqliteDatabase) {}

  /** The reject's run, entity and stage, or null when the run has no such reject. */
  rejectOf(runId: string, rejectId: number): { id: number; entity: string; stage: RejectStage; key: string | null; sourceRow: number | null } | null {
    const row = this.db.prepare('SELECT id, entity, stage, external_id AS key, source_row AS sourceRow FROM rejects WHERE run_id = ? AND id = ?').get(runId, rejectId) as
      | { id: number; entity: string; stage: RejectStage; key: string | null; sourceRow: number | null }
      | undefined;
    return row ?? null;
  }

  setCorrection(c: StoredCorrection): void {
    this.db
      .prepare('INSERT INTO reject_corrections (reject_id, field, value_json, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (reject_id, field) DO UPDATE SET value_json = excluded.value_json, corrected_by = excluded.corrected_by, corrected_at = excluded.corrected_at')
      .run(c.rejectId, c.field, JSON.stringify(c.value ?? null), c.by, c.at);
  }

  /** Forgets a correction; true when there was one. */
  removeCorrection(rejectId: number, field: string): boolean {
    return this.db.prepare('DELETE FROM reject_corrections WHERE reject_id = ? AND field = ?').run(rejectId, field).changes > 0;
  }

  /** The corrections of the given rejects, by reject id. */
  corrections(rejectIds: readonly number[]): Map<number, StoredCorrection[]> {
    const out = new Map<number, StoredCorrection[]>();
    if (!rejectIds.length) return out;
    const stmt = this.db.prepare('SELECT reject_id, field, value_json, corrected_by, corrected_at FROM reject_corrections WHERE reject_id = ? ORDER BY field');
    for (const id of rejectIds) {
      const rows = stmt.all(id) as { reject_id: number; field: string; value_json: string; corrected_by: string; corrected_at: string }[];
      if (rows.length) out.set(id, rows.map((r) => ({ rejectId: r.reject_id, field: r.field, value: JSON.parse(r.value_json) as unknown, by: r.corrected_by, at: r.corrected_at })));
    }
    return out;
  }

  /** The outcomes of the given rejects' last re-run, by reject id. */
  outcomes(rejectIds: readonly number[]): Map<number, StoredOutcome> {
    const out = new Map<number, StoredOutcome>();
    const stmt = this.db.prepare('SELECT reject_id, rerun_id, status, errors_json, at FROM reject_outcomes WHERE reject_id = ?');
    for (const id of rejectIds) {
      const r = stmt.get(id) as { reject_id: number; rerun_id: string; status: StoredOutcome['status']; errors_json: string | null; at: string } | undefined;
      if (r) out.set(id, { rejectId: r.reject_id, rerunId: r.rerun_id, status: r.status, errors: r.errors_json ? (JSON.parse(r.errors_json) as StoredOutcome['errors']) : null, at: r.at });
    }
    return out;
  }

  /** Entities with rejects of the run not resolved yet, with how many and how many carry a correction. */
  pendingByEntity(runId: string): { entity: string; pending: number; corrected: number }[] {
    return this.db
      .prepare(
        `SELECT r.entity AS entity, count(*) AS pending, sum(EXISTS (SELECT 1 FROM reject_corrections c WHERE c.reject_id = r.id)) AS corrected
         FROM rejects r LEFT JOIN reject_outcomes o ON o.reject_id = r.id
         WHERE r.run_id = ? AND (o.status IS NULL OR o.status <> 'resolved') GROUP BY r.entity`,
      )
      .all(runId) as { entity: string; pending: number; corrected: number }[];
  }

  /** The run's unresolved rejects of one entity, each with its corrections, in id order (read as iterated). */
  *pending(runId: string, entity: string): Generator<PendingReject> {
    const corrections = this.db.prepare('SELECT field, value_json FROM reject_corrections WHERE reject_id = ? ORDER BY field');
    const rows = this.db
      .prepare(
        `SELECT r.id AS id, r.stage AS stage, r.external_id AS key, r.source_row AS sourceRow, EXISTS (SELECT 1 FROM reject_corrections c WHERE c.reject_id = r.id) AS corrected
         FROM rejects r LEFT JOIN reject_outcomes o ON o.reject_id = r.id
         WHERE r.run_id = ? AND r.entity = ? AND (o.status IS NULL OR o.status <> 'resolved') ORDER BY r.id`,
      )
      .all(runId, entity) as { id: number; stage: RejectStage; key: string | null; sourceRow: number | null; corrected: number }[];
    for (const r of rows) {
      const fixes = r.corrected ? (corrections.all(r.id) as { field: string; value_json: string }[]).map((c) => ({ field: c.field, value: JSON.parse(c.value_json) as unknown })) : [];
      yield { id: r.id, stage: r.stage, key: r.key, sourceRow: r.sourceRow, corrections: fixes };
    }
  }

  createRerun(runId: string, sourceRunId: string, entities: readonly string[]): void {
    this.db.prepare('INSERT INTO reject_reruns (run_id, source_run_id, entities_json) VALUES (?, ?, ?)').run(runId, sourceRunId, JSON.stringify(entities));
  }

  /** The run whose rejects `runId` re-ran, or null when it is no re-run. */
  rerunOf(runId: string): string | null {
    return (this.db.prepare('SELECT source_run_id FROM reject_reruns WHERE run_id = ?').pluck().get(runId) as string | undefined) ?? null;
  }

  /** Records what a re-run made of the rejects it read, in one transaction. */
  setOutcomes(outcomes: readonly StoredOutcome[]): void {
    const stmt = this.db.prepare(
      'INSERT INTO reject_outcomes (reject_id, rerun_id, status, errors_json, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (reject_id) DO UPDATE SET rerun_id = excluded.rerun_id, status = excluded.status, errors_json = excluded.errors_json, at = excluded.at',
    );
    this.db.transaction(() => {
      for (const o of outcomes) stmt.run(o.rejectId, o.rerunId, o.status, o.errors ? JSON.stringify(o.errors) : null, o.at);
    })();
  }

  /** The re-run's own rejects of one entity: by source row and by key, the reasons they were rejected with. */
  rerunRejects(rerunId: string, entity: string): { bySourceRow: Map<number, StoredOutcome['errors']>; byKey: Map<string, StoredOutcome['errors']> } {
    const bySourceRow = new Map<number, StoredOutcome['errors']>();
    const byKey = new Map<string, StoredOutcome['errors']>();
    for (const r of this.db.prepare('SELECT external_id, source_row, errors_json FROM rejects WHERE run_id = ? AND entity = ? ORDER BY id').iterate(rerunId, entity) as Iterable<{ external_id: string | null; source_row: number | null; errors_json: string }>) {
      const errors = JSON.parse(r.errors_json) as StoredOutcome['errors'];
      if (r.source_row !== null && !bySourceRow.has(r.source_row)) bySourceRow.set(r.source_row, errors);
      if (r.external_id !== null && !byKey.has(r.external_id)) byKey.set(r.external_id, errors);
    }
    return { bySourceRow, byKey };
  }

  /** The keys the target acknowledged in a run for one entity. */
  acknowledged(runId: string, entity: string): Set<string> {
    return new Set(this.db.prepare("SELECT external_id FROM push_receipts WHERE run_id = ? AND entity = ? AND status IN ('created', 'updated', 'unchanged')").pluck().all(runId, entity) as string[]);
  }
}
