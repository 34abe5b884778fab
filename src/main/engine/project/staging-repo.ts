import type { Counters } from '../../../shared/model/counters';
import { canonicalJson } from '../../../shared/canonical-json';
import type { Project } from './project';

/** A record ready for the target, with the hash of its canonical JSON. */
export interface StagedRecord {
  externalId: string;
  payload: Record<string, unknown>;
  /** SHA-256 hex of the payload's canonical JSON. */
  hash: string;
  /**
   * The payload's canonical JSON, when the caller already made it (to hash it): stored as it is,
   * so a record is serialised once. Without it the repo makes it.
   */
  json?: string;
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

/** Records per multi-row INSERT (5 parameters each, far below SQLite's 32,766). */
const CHUNK = 100;

/** Thrown inside a chunk's savepoint when a chunk met a key this run already staged. */
class ChunkHasDuplicates extends Error {}

/**
 * Staged rows, rejects and push receipts. These are the hot paths of a run, so they use
 * prepared statements inside one transaction per batch rather than the query builder.
 *
 * Staging (`staged_records`, migration 6) is a rowid table with integer entity and run numbers:
 * records go in as multi-row upserts of {@link CHUNK} with no lookup before them. The upsert
 * leaves a row alone when this same run already staged its key (`WHERE run_no <>
 * excluded.run_no`), so a chunk that changed fewer rows than it holds met a duplicate key: that
 * chunk alone is rolled back to its savepoint and written row by row, where a row that changes
 * nothing is the duplicate. Duplicates are rare, so the common path never looks anything up.
 */
export class StagingRepo {
  private readonly upsertOne;
  private readonly upsertChunk;
  private readonly insertReject;
  private readonly insertReceipt;
  private readonly markPushed;
  private readonly selectName;
  private readonly insertName;
  private readonly selectPageFirst;
  private readonly selectPageAfter;
  private readonly countRun;
  private readonly predictRun;
  private readonly selectReceipts;
  private readonly names = new Map<string, number>();
  /** One chunk in its own savepoint (a nested transaction), undone when it met a duplicate. */
  private readonly chunk: (params: unknown[]) => void;

  constructor(private readonly project: Project) {
    const db = project.db;
    const upsert = (rows: number) =>
      db.prepare(
        `INSERT INTO staged_records (entity_no, external_id, run_no, payload_json, row_hash) VALUES ${new Array<string>(rows).fill('(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT(entity_no, external_id) DO UPDATE SET run_no = excluded.run_no, payload_json = excluded.payload_json, row_hash = excluded.row_hash
         WHERE staged_records.run_no <> excluded.run_no`,
      );
    this.upsertOne = upsert(1);
    this.upsertChunk = upsert(CHUNK);
    this.insertReject = db.prepare('INSERT INTO rejects (run_id, entity, stage, external_id, source_row, errors_json, row_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertReceipt = db.prepare(
      `INSERT INTO push_receipts (run_id, entity, external_id, status, target_id, version, idempotency_key, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(run_id, entity, external_id) DO UPDATE SET status = excluded.status, target_id = excluded.target_id, version = excluded.version, idempotency_key = excluded.idempotency_key, pushed_at = excluded.pushed_at`,
    );
    this.markPushed = db.prepare('UPDATE staged_records SET pushed_hash = row_hash, target_id = ?, target_version = ? WHERE entity_no = ? AND external_id = ?');
    this.selectName = db.prepare('SELECT no FROM staging_names WHERE kind = ? AND name = ?').pluck();
    this.insertName = db.prepare('INSERT INTO staging_names (kind, name) VALUES (?, ?)');
    const page = 'SELECT external_id, payload_json, row_hash FROM staged_records WHERE entity_no = ? AND run_no = ?';
    this.selectPageFirst = db.prepare(`${page} ORDER BY external_id LIMIT ?`).raw();
    this.selectPageAfter = db.prepare(`${page} AND external_id > ? ORDER BY external_id LIMIT ?`).raw();
    this.countRun = db.prepare('SELECT count(*) FROM staged_records WHERE run_no = ? AND entity_no = ?').pluck();
    this.predictRun = db.prepare(
      `SELECT
         sum(CASE WHEN pushed_hash IS NULL THEN 1 ELSE 0 END) AS created,
         sum(CASE WHEN pushed_hash IS NOT NULL AND pushed_hash <> row_hash THEN 1 ELSE 0 END) AS updated,
         sum(CASE WHEN pushed_hash = row_hash THEN 1 ELSE 0 END) AS unchanged
       FROM staged_records WHERE run_no = ? AND entity_no = ?`,
    );
    this.selectReceipts = db.prepare('SELECT external_id, status, pushed_at FROM push_receipts WHERE run_id = ? AND entity = ?').raw();
    this.chunk = db.transaction((params: unknown[]) => {
      if (this.upsertChunk.run(params).changes !== CHUNK) throw new ChunkHasDuplicates();
    });
  }

  /**
   * Stages a batch in one transaction. A record whose externalId was already staged by this
   * same run is a duplicate key in the source: it is returned, not silently merged.
   */
  stage(runId: string, entity: string, records: StagedRecord[]): { staged: number; duplicates: StagedRecord[] } {
    const duplicates: StagedRecord[] = [];
    let staged = 0;
    if (!records.length) return { staged, duplicates };
    this.project.db.transaction(() => {
      const run = this.numberOf('run', runId);
      const ent = this.numberOf('entity', entity);
      const params = new Array<unknown>(CHUNK * 5);
      let i = 0;
      for (; i + CHUNK <= records.length; i += CHUNK) {
        for (let j = 0; j < CHUNK; j++) {
          const r = records[i + j];
          const p = j * 5;
          params[p] = ent;
          params[p + 1] = r.externalId;
          params[p + 2] = run;
          params[p + 3] = r.json ?? canonicalJson(r.payload);
          params[p + 4] = Buffer.from(r.hash, 'hex');
        }
        try {
          this.chunk(params);
          staged += CHUNK;
        } catch (err) {
          if (!(err instanceof ChunkHasDuplicates)) throw err;
          staged += this.oneByOne(records, i, i + CHUNK, ent, run, duplicates);
        }
      }
      staged += this.oneByOne(records, i, records.length, ent, run, duplicates);
    })();
    return { staged, duplicates };
  }

  private oneByOne(records: StagedRecord[], from: number, to: number, ent: number, run: number, duplicates: StagedRecord[]): number {
    let staged = 0;
    for (let k = from; k < to; k++) {
      const r = records[k];
      if (this.upsertOne.run(ent, r.externalId, run, r.json ?? canonicalJson(r.payload), Buffer.from(r.hash, 'hex')).changes === 1) staged++;
      else duplicates.push(r);
    }
    return staged;
  }

  /** The small integer of an entity or run name, made once and then remembered. */
  private numberOf(kind: 'entity' | 'run', name: string): number {
    const key = `${kind}\u0000${name}`;
    let no = this.names.get(key);
    if (no === undefined) {
      no = (this.selectName.get(kind, name) as number | undefined) ?? Number(this.insertName.run(kind, name).lastInsertRowid);
      this.names.set(key, no);
    }
    return no;
  }

  /** The number of a name, or null when nothing was ever staged under it (reads write nothing). */
  private knownNumber(kind: 'entity' | 'run', name: string): number | null {
    const key = `${kind}\u0000${name}`;
    const cached = this.names.get(key);
    if (cached !== undefined) return cached;
    const no = this.selectName.get(kind, name) as number | undefined;
    if (no === undefined) return null;
    this.names.set(key, no);
    return no;
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
    const run = this.knownNumber('run', runId);
    const ent = this.knownNumber('entity', entity);
    if (run === null || ent === null) return [];
    const rows = (after === null ? this.selectPageFirst.all(ent, run, limit) : this.selectPageAfter.all(ent, run, after, limit)) as [string, string, Buffer][];
    return rows.map(([externalId, json, hash]) => ({ externalId, payload: JSON.parse(json) as Record<string, unknown>, hash: hash.toString('hex'), json }));
  }

  /** Records the target's answer for a batch; only acknowledged records count as pushed. */
  recordReceipts(runId: string, entity: string, idempotencyKey: string, receipts: PushReceipt[], now: Date): void {
    const at = now.toISOString();
    this.project.db.transaction(() => {
      const ent = this.numberOf('entity', entity);
      for (const r of receipts) {
        this.insertReceipt.run(runId, entity, r.externalId, r.status, r.targetId, r.version, idempotencyKey, at);
        if (r.status !== 'rejected') this.markPushed.run(r.targetId, r.version, ent, r.externalId);
      }
    })();
  }

  /** What a push of this run's staged rows would do, judged from what the target last acknowledged. */
  predict(runId: string, entity: string): Pick<Counters, 'created' | 'updated' | 'unchanged'> {
    const run = this.knownNumber('run', runId);
    const ent = this.knownNumber('entity', entity);
    if (run === null || ent === null) return { created: 0, updated: 0, unchanged: 0 };
    const row = this.predictRun.get(run, ent) as { created: number | null; updated: number | null; unchanged: number | null };
    return { created: row.created ?? 0, updated: row.updated ?? 0, unchanged: row.unchanged ?? 0 };
  }

  stagedCount(runId: string, entity: string): number {
    const run = this.knownNumber('run', runId);
    const ent = this.knownNumber('entity', entity);
    return run === null || ent === null ? 0 : (this.countRun.get(run, ent) as number);
  }

  /**
   * This run's acknowledged externalIds, how many the target rejected, and when (this studio's
   * clock) the first record the target created or updated was acknowledged: reconciliation reads
   * back what changed since then rather than the whole entity.
   */
  receiptIds(runId: string, entity: string): { acknowledged: string[]; rejected: number; firstWrittenAt: string | null } {
    const rows = this.selectReceipts.all(runId, entity) as [string, string, string][];
    const acknowledged: string[] = [];
    let rejected = 0;
    let firstWrittenAt: string | null = null;
    for (const [externalId, status, pushedAt] of rows) {
      if (status === 'rejected') rejected++;
      else acknowledged.push(externalId);
      if ((status === 'created' || status === 'updated') && (firstWrittenAt === null || pushedAt < firstWrittenAt)) firstWrittenAt = pushedAt;
    }
    return { acknowledged, rejected, firstWrittenAt };
  }
}
