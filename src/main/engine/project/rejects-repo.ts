import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { RejectStage } from '../../../shared/api/contracts/rejects';

/** A reject as stored: the reasons as the stage wrote them, the kept columns unmasked. */
export interface StoredReject {
  id: number;
  entity: string;
  stage: RejectStage;
  key: string | null;
  sourceRow: number | null;
  errors: { field: string | null; message: string; code?: string }[];
  row: Record<string, unknown>;
}

export interface RejectFilter {
  entity?: string;
  code?: string;
  field?: string;
}

/** The code a reason is counted and filtered under when its stage named none. */
export const UNCODED_REASON = 'REJECTED';

type Row = { id: number; entity: string; stage: RejectStage; external_id: string | null; source_row: number | null; errors_json: string; row_json: string };

/**
 * Reads a run's rejects (written by StagingRepo on the run's hot path). Reason code and field live
 * inside `errors_json`; a trigger copies them into `reject_reasons` (migration 18), whose indexes
 * the filters and counts use.
 */
export class RejectsRepo {
  constructor(private readonly db: SqliteDatabase) {}

  /** One page in id order (the order the run wrote them: source order within a batch). */
  page(runId: string, filter: RejectFilter, limit: number, offset: number, afterId?: number): StoredReject[] {
    const { where, params } = whereOf(runId, filter);
    // `afterId` pages by key (the grid scrolling through a million rejects asks for the page after
    // the last id it holds), so a deep page costs what the first one does; `offset` still works.
    const rows = (
      afterId !== undefined
        ? this.db.prepare(`SELECT id, entity, stage, external_id, source_row, errors_json, row_json FROM rejects r WHERE ${where} AND r.id > ? ORDER BY id LIMIT ?`).all(...params, afterId, limit)
        : this.db.prepare(`SELECT id, entity, stage, external_id, source_row, errors_json, row_json FROM rejects r WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`).all(...params, limit, offset)
    ) as Row[];
    return rows.map(toStored);
  }

  /** The run's rejects with these ids, in id order (ids of other runs are left out). */
  byIds(runId: string, ids: readonly number[]): StoredReject[] {
    const stmt = this.db.prepare('SELECT id, entity, stage, external_id, source_row, errors_json, row_json FROM rejects WHERE run_id = ? AND id = ?');
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => stmt.get(runId, id) as Row | undefined)
      .filter((r): r is Row => r !== undefined)
      .map(toStored);
  }

  /** Every matching reject, in id order, read as it is iterated (an export of a million rows holds one at a time). */
  *iterate(runId: string, filter: RejectFilter): Generator<StoredReject> {
    const { where, params } = whereOf(runId, filter);
    for (const row of this.db.prepare(`SELECT id, entity, stage, external_id, source_row, errors_json, row_json FROM rejects r WHERE ${where} ORDER BY id`).iterate(...params) as Iterable<Row>) yield toStored(row);
  }

  count(runId: string, filter: RejectFilter): number {
    const { where, params } = whereOf(runId, filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM rejects r WHERE ${where}`).get(...params) as { n: number }).n;
  }

  /** Rejects (rows, not reasons) by reason code, most frequent first. */
  countByCode(runId: string, entity: string | undefined): { code: string; count: number }[] {
    const { where, params } = whereOf(runId, { entity });
    return this.db
      .prepare(`SELECT x.code AS code, count(DISTINCT r.id) AS count FROM rejects r JOIN reject_reasons x ON x.reject_id = r.id WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`)
      .all(...params) as { code: string; count: number }[];
  }

  /** Rejects by the field their reasons name (null: a reason naming no field), most frequent first. */
  countByField(runId: string, entity: string | undefined): { field: string | null; count: number }[] {
    const { where, params } = whereOf(runId, { entity });
    return this.db
      .prepare(`SELECT x.field AS field, count(DISTINCT r.id) AS count FROM rejects r JOIN reject_reasons x ON x.reject_id = r.id WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`)
      .all(...params) as { field: string | null; count: number }[];
  }
}

function whereOf(runId: string, filter: RejectFilter): { where: string; params: unknown[] } {
  const clauses = ['r.run_id = ?'];
  const params: unknown[] = [runId];
  if (filter.entity !== undefined) {
    clauses.push('r.entity = ?');
    params.push(filter.entity);
  }
  const inner: string[] = ['x.run_id = ?'];
  const innerParams: unknown[] = [runId];
  if (filter.code !== undefined) {
    inner.push('x.code = ?');
    innerParams.push(filter.code);
  }
  if (filter.field !== undefined) {
    inner.push('x.field = ?');
    innerParams.push(filter.field);
  }
  // Code and field must hold for the same reason: "rejects for REQUIRED on email", not one of each.
  // `reject_reasons` (one row per reject, code and field; migration 18) is indexed by run and code
  // and by run and field, so a filtered page of a million rejects never reads their JSON.
  if (inner.length > 1) {
    clauses.push(`r.id IN (SELECT x.reject_id FROM reject_reasons x WHERE ${inner.join(' AND ')})`);
    params.push(...innerParams);
  }
  return { where: clauses.join(' AND '), params };
}

function toStored(r: Row): StoredReject {
  return {
    id: r.id,
    entity: r.entity,
    stage: r.stage,
    key: r.external_id,
    sourceRow: r.source_row,
    errors: JSON.parse(r.errors_json) as StoredReject['errors'],
    row: JSON.parse(r.row_json) as Record<string, unknown>,
  };
}
