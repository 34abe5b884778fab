import type { TargetRecord } from '../../../../academia-api/wire-types';
import { canonicalJson } from '../../../../shared/canonical-json';
import { StudioError, toErrorShape } from '../../../../shared/errors';
import type { EntityMapping } from '../../../../shared/model/mapping';
import type { SyncDefinition, SyncEntity } from '../../../../shared/model/sync';
import type { SourceConnector } from '../../connectors/connector';
import type { SourceWriter } from '../../connectors/write/source-writer';
import type { RowUpdate } from '../../connectors/write/update-statement';
import type { PlannedWriteBack, TwoWayRepo } from '../../project/two-way-repo';
import { canonicalRecord } from '../../pipeline/record-hash';
import { timestampMs } from '../../pipeline/stages/cursor/cursor-values';
import { resolveKey, type DecidedValue } from './field-resolution';
import { mappedFields, ownerOf, twoWayOf, writeBackColumn, type TwoWayResolved } from './two-way-definition';

/** What a two-way run needs besides the one-way sync's context. */
export interface TwoWayServices {
  repo: TwoWayRepo;
  /** Academia Pro's records of an entity changed at or after `updatedSince` (all when null), page by page. */
  pullChanged(entity: string, updatedSince: string | null): AsyncIterable<TargetRecord[]>;
  openSource(connectionId: string): Promise<SourceConnector>;
  /** The write side of a connection (null: its kind cannot be written to). */
  openWriter(connectionId: string): Promise<SourceWriter | null>;
  audit(action: string, object: string, summary: string): void;
  log(level: 'info' | 'warning', entity: string | null, message: string): void;
  now(): Date;
}

/** Rows updated per write-back transaction (each batch all or nothing). */
const WRITE_BATCH = 500;

/**
 * The two-way half of one sync run, around the one-way pipeline: before an entity's change set is
 * computed, Academia Pro's records changed since the last pull are read (`updatedSince`) and the
 * agreed values are set aside (the staged payloads the target acknowledged); after it, each key
 * either side changed is settled field by field (`resolveKey`: ownership, conflicts and policy,
 * decisions people made), the record Academia Pro should hold replaces the change set's, conflicts
 * go to the queue, and the values the source should get are planned as write-backs, written once
 * the run has pushed (`finishTwoWay`).
 */
export class TwoWayRun {
  private readonly pulled = new Map<string, Map<string, TargetRecord>>();
  conflicts = 0;

  constructor(
    private readonly def: Pick<SyncDefinition, 'name' | 'sourceTimeZone'>,
    private readonly runId: string,
    private readonly services: TwoWayServices,
  ) {}

  /** Before the entity's change set: pull Academia Pro's changes and set the agreed values aside. */
  async before(spec: SyncEntity): Promise<void> {
    const { repo } = this.services;
    const since = repo.pullMark(this.def.name, spec.entity);
    const changed = new Map<string, TargetRecord>();
    for await (const page of this.services.pullChanged(spec.entity, since)) for (const r of page) if (!r.deleted) changed.set(r.externalId, r);
    this.pulled.set(spec.entity, changed);
    const agreed = repo.snapshotBaseline(spec.entity);
    this.services.log('info', spec.entity, `Academia Pro: ${changed.size.toLocaleString('en')} ${spec.entity} record(s) changed ${since ? `since ${since}` : '(first two-way run: every record read)'}; ${agreed.toLocaleString('en')} with values agreed at the last sync.`);
  }

  /** After the entity's change set: settle every key either side changed. Answers the conflicts found. */
  async after(spec: SyncEntity, mapping: EntityMapping): Promise<number> {
    const { repo } = this.services;
    const t = twoWayOf(spec);
    const fields = mappedFields(mapping);
    const pulled = this.pulled.get(spec.entity) ?? new Map<string, TargetRecord>();
    const changes = repo.runChanges(this.runId, spec.entity);
    const pending = repo.pendingConflicts(this.def.name, spec.entity);
    const keys = new Set<string>([...pulled.keys(), ...pending.map((c) => c.externalId)]);
    for (const [id, c] of changes) if (c.kind === 'update') keys.add(id);
    const base = repo.baseValues(spec.entity, [...keys]);
    const sourceTimes = t.policy === 'newest-wins' ? await this.sourceTimes(spec, t, mapping, keys) : new Map<string, number>();
    const writeBacks: PlannedWriteBack[] = [];
    let found = 0;
    let settledKeys = 0;
    for (const key of [...keys].sort()) {
      const agreed = base.get(key);
      if (!agreed) continue; // never agreed (new, or pushed but not acknowledged): the one-way rules apply
      const change = changes.get(key);
      if (change && change.kind !== 'update') continue; // a withdrawal or delete goes as the one-way sync sends it
      const open = new Map<string, unknown>();
      const decided = new Map<string, DecidedValue>();
      const parked: Record<string, unknown> = {};
      for (const c of pending.filter((x) => x.externalId === key)) {
        if (c.status === 'open') {
          open.set(c.field, c.target);
          parked[c.field] = c.target;
        } else if (c.decision) decided.set(c.field, { conflictId: c.id, value: c.decision.value });
      }
      const record = pulled.get(key);
      const target = record ? pickFields(record, fields) : open.size ? { ...agreed, ...parked } : null;
      const resolution = resolveKey(
        { base: agreed, source: change?.record ?? null, target, sourceAt: sourceTimes.get(key) ?? null, targetAt: record ? Date.parse(record.updatedAt) : null, open, decided },
        { fields, owner: (f) => ownerOf(t, f), policy: t.policy },
      );
      for (const c of resolution.conflicts) {
        const id = repo.addConflict({ job: this.def.name, runId: this.runId, entity: spec.entity, externalId: key, field: c.field, base: c.base, source: c.source, target: c.target, targetChangedAt: record?.updatedAt ?? null, policy: t.policy, winner: c.winner, now: this.services.now() });
        this.services.log(c.winner ? 'info' : 'warning', spec.entity, c.winner ? `Conflict ${id} on ${key}.${c.field}: ${c.winner === 'source' ? "the source's" : "Academia Pro's"} value kept (${t.policy}).` : `Conflict ${id} on ${key}.${c.field}: both sides changed it; left as each side has it until a person decides.`);
      }
      found += resolution.conflicts.length;
      if (resolution.applied.length) repo.markApplied(resolution.applied, this.runId);
      for (const note of resolution.notes) this.services.log('info', spec.entity, `${key}: ${note}`);
      // Sent even when Academia Pro already holds it (it answers unchanged), so the agreed values
      // move to what was settled: the source's change it must not take, Academia Pro's it kept.
      const moved = fields.some((f) => canonicalJson(resolution.settled[f] ?? null) !== canonicalJson(agreed[f] ?? null));
      const wants = resolution.push ?? (change || moved ? pickFields(target ?? agreed, fields) : null);
      if (wants) {
        repo.restage(this.runId, spec.entity, key, canonicalRecord({ externalId: key, ...wants }), resolution.push !== null);
        settledKeys++;
      }
      for (const [field, value] of Object.entries(resolution.writeBack)) {
        if (!t.writeBack.includes(field)) {
          this.services.log('warning', spec.entity, `${key}.${field}: Academia Pro's value ${JSON.stringify(value)} is not written back to the source (not allowed for this sync), so the source keeps ${JSON.stringify((change?.record ?? agreed)[field] ?? null)}.`);
          continue;
        }
        writeBacks.push({ entity: spec.entity, externalId: key, connectionId: mapping.connectionId, table: mapping.stream, keyColumn: mapping.keyColumns[0], field, column: writeBackColumn(mapping, field), before: (change?.record ?? agreed)[field] ?? null, value });
      }
    }
    repo.planWriteBacks(this.runId, writeBacks);
    this.conflicts += found;
    this.services.log('info', spec.entity, `Two-way: ${settledKeys.toLocaleString('en')} record(s) settled, ${found.toLocaleString('en')} conflict(s), ${writeBacks.length.toLocaleString('en')} value(s) to write back once pushed.`);
    return found;
  }

  /** When each source row last changed, for `newest-wins` (a narrow read of the key and that column). */
  private async sourceTimes(spec: SyncEntity, t: TwoWayResolved, mapping: EntityMapping, keys: Set<string>): Promise<Map<string, number>> {
    const column = t.sourceChangedAt ?? spec.cursor!.column;
    const out = new Map<string, number>();
    const source = await this.services.openSource(mapping.connectionId);
    try {
      for await (const rows of source.read(mapping.stream, { batchSize: 5000, columns: [...mapping.keyColumns, column] })) {
        for (const row of rows) {
          const key = mapping.keyColumns.map((k) => String(row[k] ?? '').trim()).join('-');
          if (!keys.has(key)) continue;
          const ms = timestampMs(row[column], this.def.sourceTimeZone);
          if (ms !== undefined) out.set(key, ms);
        }
      }
    } finally {
      await source.close();
    }
    return out;
  }
}

function pickFields(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (record[f] !== null && record[f] !== undefined) out[f] = record[f];
  return out;
}

/**
 * The end of a two-way run, once it has pushed (also after a held change set is approved): the
 * planned values are written into the legacy source, table by table in transactions of up to
 * {@link WRITE_BATCH} rows (all or nothing each), each batch audited; then the pull marks move to
 * the run's start, so the next run reads Academia Pro's changes from there. A failed write-back
 * fails the run (marks unmoved) and is tried again first by the job's next run.
 */
export async function finishTwoWay(services: TwoWayServices, job: string, runId: string, entities: string[], startedAt: string): Promise<{ written: number }> {
  const { repo } = services;
  const items = [...repo.unwritten({ job }).filter((w) => w.runId !== runId), ...repo.unwritten({ runId })];
  let written = 0;
  const groups = new Map<string, typeof items>();
  for (const w of items) {
    const k = `${w.connectionId}\u0000${w.table}\u0000${w.keyColumn}`;
    groups.set(k, [...(groups.get(k) ?? []), w]);
  }
  for (const group of groups.values()) {
    const { connectionId, table, keyColumn } = group[0];
    const writer = await services.openWriter(connectionId);
    if (!writer) {
      repo.setWriteBackStatus(group, 'failed');
      throw new StudioError('SYNC_WRITE_BACK_FAILED', `The source of ${table} cannot be written to by the studio, so ${group.length} value(s) from Academia Pro were not written back.`, 'Write-back works for SQLite, MySQL/MariaDB, PostgreSQL and SQL Server sources; take the fields out of write-back for this one.', { where: { table } });
    }
    try {
      const rows = new Map<string, RowUpdate & { items: typeof group }>();
      for (const w of group) {
        const row = rows.get(w.externalId) ?? { key: w.externalId, values: {}, items: [] };
        row.values[w.column] = w.value;
        row.items.push(w);
        rows.set(w.externalId, row);
      }
      const all = [...rows.values()];
      for (let i = 0; i < all.length; i += WRITE_BATCH) {
        const batch = all.slice(i, i + WRITE_BATCH);
        const done = batch.flatMap((r) => r.items);
        try {
          await writer.update(table, keyColumn, batch.map(({ key, values }) => ({ key, values })));
        } catch (err) {
          repo.setWriteBackStatus(done, 'failed');
          const shape = toErrorShape(err);
          services.audit('sync.write-back-failed', `run:${runId}`, `Writing ${done.length} value(s) back into ${table} failed and was rolled back: ${shape.message}`);
          throw err instanceof StudioError && err.code === 'SYNC_WRITE_BACK_FAILED' ? err : new StudioError('SYNC_WRITE_BACK_FAILED', `Writing ${done.length} value(s) back into ${table} failed, and the transaction was rolled back: ${shape.message}`, `${shape.hint} The next run of the sync tries them again first.`, { where: { table } });
        }
        repo.setWriteBackStatus(done, 'written');
        written += done.length;
        services.audit('sync.write-back', `run:${runId}`, `Wrote ${done.length} value(s) from Academia Pro back into ${table} (${[...new Set(done.map((d) => d.column))].join(', ')}) for ${batch.length} row(s): ${batch.slice(0, 5).map((r) => `${keyColumn} ${r.key}`).join(', ')}${batch.length > 5 ? ', …' : ''}.`);
        services.log('info', done[0].entity, `Wrote ${done.length} value(s) back into ${table} for ${batch.length} row(s), in one transaction.`);
      }
    } finally {
      await writer.close();
    }
  }
  for (const entity of entities) repo.setPullMark(job, entity, startedAt);
  return { written };
}
