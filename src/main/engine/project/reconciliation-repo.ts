import type { MismatchKind, ReconciliationMismatch } from '../../../shared/api/contracts/reconcile';
import type { Project } from './project';

/** One of a run's staged records beside what the target holds for it, as a reconciliation compares them. */
export interface ComparedRow {
  externalId: string;
  /** The staged record's canonical JSON. */
  payloadJson: string;
  /** The target's answer at the push: created, updated, unchanged, rejected; null when it never answered. */
  receipt: string | null;
  /** What the target's list endpoint gave back for the record (its declared fields, canonical JSON); null when it was not found. */
  targetJson: string | null;
}

/** What the target acknowledged of a run's entity, counted in the project file (no id list in memory). */
export interface ReceiptSummary {
  /** Records of this run's staging the target acknowledged (created, updated or unchanged): those read back. */
  expected: number;
  /** Every acknowledged receipt of the run and entity. */
  acknowledged: number;
  rejected: number;
  /** When (this studio's clock) the first record the target created or updated was acknowledged. */
  firstWrittenAt: string | null;
}

/** Holds the records read back from the target for one entity, in a temporary table of the project file's connection. */
export interface ReadBackTable {
  /**
   * Keeps the records that are the run's staged records the target acknowledged (or never
   * answered); answers how many acknowledged ones were new.
   */
  hold(records: { externalId: string; json: string }[]): number;
  /** Acknowledged records held so far. */
  readonly found: number;
  /** Empties the table (the caller does it in `finally`). */
  close(): void;
}

/**
 * The reconciliation certificate's storage (migration 13): the mismatches found, the rows a run
 * merged away, the time of the last read-back, and the joins that compare a run's staged records
 * with what was read back. The records read back wait in a TEMP table (the connection's own
 * temporary database, on disk as SQLite decides), so a million of them never sit in memory; the
 * comparison pages through the run's staged records in externalId order.
 */
export class ReconciliationRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  private numbers(runId: string, entity: string): { run: number; entity: number } | null {
    const get = this.db.prepare('SELECT no FROM staging_names WHERE kind = ? AND name = ?').pluck();
    const run = get.get('run', runId) as number | undefined;
    const ent = get.get('entity', entity) as number | undefined;
    return run === undefined || ent === undefined ? null : { run, entity: ent };
  }

  /** Records the run staged for the entity (still its own: a later run that stages a record again takes it over). */
  stagedCount(runId: string, entity: string): number {
    const no = this.numbers(runId, entity);
    if (!no) return 0;
    return this.db.prepare('SELECT count(*) FROM staged_records WHERE run_no = ? AND entity_no = ?').pluck().get(no.run, no.entity) as number;
  }

  receiptSummary(runId: string, entity: string): ReceiptSummary {
    const row = this.db
      .prepare(
        `SELECT sum(CASE WHEN status <> 'rejected' THEN 1 ELSE 0 END) AS acknowledged, sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
                min(CASE WHEN status IN ('created', 'updated') THEN pushed_at END) AS firstWrittenAt
         FROM push_receipts WHERE run_id = ? AND entity = ?`,
      )
      .get(runId, entity) as { acknowledged: number | null; rejected: number | null; firstWrittenAt: string | null };
    const no = this.numbers(runId, entity);
    const expected = no
      ? (this.db
          .prepare(
            `SELECT count(*) FROM staged_records s JOIN push_receipts p ON p.run_id = ? AND p.entity = ? AND p.external_id = s.external_id AND p.status <> 'rejected'
             WHERE s.run_no = ? AND s.entity_no = ?`,
          )
          .pluck()
          .get(runId, entity, no.run, no.entity) as number)
      : 0;
    return { expected, acknowledged: row.acknowledged ?? 0, rejected: row.rejected ?? 0, firstWrittenAt: row.firstWrittenAt };
  }

  /** A fresh read-back table for one entity of a run. */
  openReadBack(runId: string, entity: string): ReadBackTable {
    const db = this.db;
    db.exec('CREATE TEMP TABLE IF NOT EXISTS reconcile_read_back (external_id TEXT PRIMARY KEY, record_json TEXT NOT NULL) WITHOUT ROWID');
    db.exec('DELETE FROM temp.reconcile_read_back');
    const no = this.numbers(runId, entity);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO temp.reconcile_read_back (external_id, record_json)
       SELECT @id, @json WHERE EXISTS (
         SELECT 1 FROM staged_records s JOIN push_receipts p ON p.run_id = @run AND p.entity = @entity AND p.external_id = s.external_id AND p.status <> 'rejected'
         WHERE s.entity_no = @entityNo AND s.external_id = @id AND s.run_no = @runNo)`,
    );
    // A record the run staged but whose answer never came (the push stopped) may have arrived all the same: kept too, not counted as found.
    const insertUnanswered = db.prepare(
      `INSERT OR IGNORE INTO temp.reconcile_read_back (external_id, record_json)
       SELECT @id, @json WHERE EXISTS (
         SELECT 1 FROM staged_records s WHERE s.entity_no = @entityNo AND s.external_id = @id AND s.run_no = @runNo
           AND NOT EXISTS (SELECT 1 FROM push_receipts p WHERE p.run_id = @run AND p.entity = @entity AND p.external_id = s.external_id))`,
    );
    let found = 0;
    const holdAll = db.transaction((records: { externalId: string; json: string }[]) => {
      let added = 0;
      for (const r of records) {
        const params = { id: r.externalId, json: r.json, run: runId, entity, entityNo: no?.entity ?? -1, runNo: no?.run ?? -1 };
        const changes = insert.run(params).changes;
        added += changes;
        if (changes === 0) insertUnanswered.run(params);
      }
      return added;
    });
    return {
      hold(records) {
        if (!no || !records.length) return 0;
        const added = holdAll(records);
        found += added;
        return added;
      },
      get found() {
        return found;
      },
      close() {
        db.exec('DELETE FROM temp.reconcile_read_back');
      },
    };
  }

  /**
   * A page of the run's staged records of the entity in externalId order after `after`, each with
   * its receipt and what was read back (the read-back table of `openReadBack` must exist).
   */
  comparePage(runId: string, entity: string, after: string | null, limit: number): ComparedRow[] {
    const no = this.numbers(runId, entity);
    if (!no) return [];
    this.db.exec('CREATE TEMP TABLE IF NOT EXISTS reconcile_read_back (external_id TEXT PRIMARY KEY, record_json TEXT NOT NULL) WITHOUT ROWID');
    const rows = this.db
      .prepare(
        `SELECT s.external_id, s.payload_json, p.status, t.record_json
         FROM staged_records s
         LEFT JOIN push_receipts p ON p.run_id = ? AND p.entity = ? AND p.external_id = s.external_id
         LEFT JOIN temp.reconcile_read_back t ON t.external_id = s.external_id
         WHERE s.entity_no = ? AND s.run_no = ? AND s.external_id > ?
         ORDER BY s.external_id LIMIT ?`,
      )
      .raw()
      .all(runId, entity, no.entity, no.run, after ?? '', limit) as [string, string, string | null, string | null][];
    return rows.map(([externalId, payloadJson, receipt, targetJson]) => ({ externalId, payloadJson, receipt, targetJson }));
  }

  /** Keeps the rows the run merged into their survivors (replacing what an earlier attempt kept). */
  saveMerged(runId: string, entity: string, merges: { externalId: string; survivor: string }[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_merges WHERE run_id = ? AND entity = ?').run(runId, entity);
      const insert = this.db.prepare('INSERT OR REPLACE INTO run_merges (run_id, entity, external_id, survivor) VALUES (?, ?, ?, ?)');
      for (const m of merges) insert.run(runId, entity, m.externalId, m.survivor);
    })();
  }

  merged(runId: string, entity: string): { externalId: string; survivor: string }[] {
    return (this.db.prepare('SELECT external_id, survivor FROM run_merges WHERE run_id = ? AND entity = ? ORDER BY external_id').raw().all(runId, entity) as [string, string][]).map(([externalId, survivor]) => ({ externalId, survivor }));
  }

  /** Forgets the entity's mismatches of the run (before it is reconciled again). */
  clearMismatches(runId: string, entity: string): void {
    this.db.prepare('DELETE FROM run_mismatches WHERE run_id = ? AND entity = ?').run(runId, entity);
  }

  addMismatches(runId: string, mismatches: readonly ReconciliationMismatch[]): void {
    if (!mismatches.length) return;
    this.db.transaction(() => {
      let seq = this.db.prepare('SELECT coalesce(max(seq), 0) FROM run_mismatches WHERE run_id = ?').pluck().get(runId) as number;
      const insert = this.db.prepare('INSERT INTO run_mismatches (run_id, seq, entity, external_id, field, kind, source_json, target_json, survivor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const m of mismatches) insert.run(runId, ++seq, m.entity, m.externalId, m.field, m.kind, json(m.source), json(m.target), m.survivor ?? null);
    })();
  }

  mismatchCount(runId: string): number {
    return this.db.prepare('SELECT count(*) FROM run_mismatches WHERE run_id = ?').pluck().get(runId) as number;
  }

  /** Mismatches in the order they were found: by entity in load order, then externalId. */
  mismatchPage(runId: string, limit: number, offset: number): ReconciliationMismatch[] {
    const rows = this.db
      .prepare('SELECT seq, entity, external_id, field, kind, source_json, target_json, survivor FROM run_mismatches WHERE run_id = ? ORDER BY seq LIMIT ? OFFSET ?')
      .raw()
      .all(runId, limit, offset) as MismatchRow[];
    return rows.map(toMismatch);
  }

  /** Every mismatch, in keyset pages (a report of a million mismatches is written without holding them). */
  *iterateMismatches(runId: string, pageSize = 1000): Generator<ReconciliationMismatch> {
    const page = this.db.prepare('SELECT seq, entity, external_id, field, kind, source_json, target_json, survivor FROM run_mismatches WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?').raw();
    let after = 0;
    for (;;) {
      const rows = page.all(runId, after, pageSize) as MismatchRow[];
      for (const r of rows) yield toMismatch(r);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1][0];
    }
  }

  setCheckedAt(runId: string, at: Date): void {
    this.db.prepare('INSERT INTO run_reconciliations (run_id, checked_at) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET checked_at = excluded.checked_at').run(runId, at.toISOString());
  }

  checkedAt(runId: string): string | null {
    return (this.db.prepare('SELECT checked_at FROM run_reconciliations WHERE run_id = ?').pluck().get(runId) as string | undefined) ?? null;
  }
}

type MismatchRow = [number, string, string, string | null, MismatchKind, string | null, string | null, string | null];

function toMismatch([, entity, externalId, field, kind, source, target, survivor]: MismatchRow): ReconciliationMismatch {
  return { entity, externalId, field, source: parse(source), target: parse(target), kind, ...(survivor !== null ? { survivor } : {}) };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parse(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
