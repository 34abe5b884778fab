import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StudioError } from '../../../../../shared/errors';
import { defineStage, type BadRow, type FieldInfo, type Remark, type SourceRow } from '../stage';
import { settingsRemarks, throwIfCancelled } from '../stage-helpers';
import { joinKeyText, joinTypeFamily } from './join-key';

export const joinSettings = z.object({
  /** Names the index (the mapping and the join); the stage adds the run, so two runs never share one. */
  joinId: z.string().min(1),
  connectionId: z.string().min(1),
  stream: z.string().min(1),
  /** Prefix of the joined columns: `family` → `family.CONSENT`. */
  as: z.string().min(1),
  on: z.array(z.object({ column: z.string().min(1), joinColumn: z.string().min(1) })).min(1),
  kind: z.enum(['left', 'inner']),
  match: z.enum(['one', 'many']),
  batchSize: z.number().int().min(1).max(100_000),
});
export type JoinSettings = z.infer<typeof joinSettings>;

/**
 * Joins another stream onto the driving one by key. The joined stream is read first, in batches,
 * into an index in the project file (`join_index`, keyed by the join key); then the driving
 * stream flows through batch by batch, each row looked up by key. Memory holds one batch of
 * either stream, whatever their sizes. The index is dropped in `finally`.
 *
 * A driving row without a key or a match keeps its place with the joined columns null (`left`)
 * or is left out and counted skipped (`inner`); with `match: one` a key that finds two joined rows
 * rejects the driving row (JOIN_AMBIGUOUS), never picks one silently; `match: many` hands on one
 * row per match (pupil × contacts of the family).
 */
export const joinStage = defineStage<JoinSettings, SourceRow, SourceRow>({
  kind: 'join',
  label: 'Join by key',
  settings: joinSettings,
  fields(settings, input, env) {
    const joined = env.catalog(settings.connectionId)?.find((s) => s.name === settings.stream);
    const added: FieldInfo[] = (joined?.columns ?? []).map((c) => ({ name: `${settings.as}.${c.name}`, type: c.type, origin: 'join' }));
    return { fields: [...input.fields, ...added] };
  },
  check(settings, input, env) {
    const remarks: Remark[] = settingsRemarks('join', joinSettings, settings);
    if (remarks.length) return remarks;
    const catalog = env.catalog(settings.connectionId);
    if (!catalog) return [{ level: 'info', stage: 'join', place: `join ${settings.as}`, message: `The connection of ${settings.stream} was never discovered, so the join's columns are known only once it is read.` }];
    const joined = catalog.find((s) => s.name === settings.stream);
    if (!joined) return [{ level: 'error', stage: 'join', place: `join ${settings.as}`, message: `The source has no table "${settings.stream}" in its last discovery.` }];
    const driving = new Map(input.fields.map((f) => [f.name, f.type]));
    const joinedColumns = new Map(joined.columns.map((c) => [c.name, c.type]));
    for (const { column, joinColumn } of settings.on) {
      const place = `join ${settings.as} on ${column} = ${joinColumn}`;
      const left = driving.get(column);
      const right = joinedColumns.get(joinColumn);
      if (driving.size && left === undefined) remarks.push({ level: 'error', stage: 'join', place, message: `The driving rows have no column "${column}".` });
      if (right === undefined) remarks.push({ level: 'error', stage: 'join', place, message: `${settings.stream} has no column "${joinColumn}".` });
      if (left === undefined || right === undefined) continue;
      const a = joinTypeFamily(left);
      const b = joinTypeFamily(right);
      if (a && b && a !== b) remarks.push({ level: 'error', stage: 'join', place, message: `${column} is ${left} and ${settings.stream}.${joinColumn} is ${right}: keys of different types do not meet. Convert one side first.` });
    }
    return remarks;
  },
  async *process(input, settings, ctx) {
    const index = ctx.services.joinIndex;
    if (!index) throw new StudioError('INTERNAL', 'The join stage has no index store.', 'Report this: runs and previews give joins the project file to index into.');
    const joinId = `${settings.joinId}:${ctx.runId}:${randomUUID().slice(0, 8)}`;
    const columns = new Set<string>();
    let unmatched = 0;
    try {
      const source = await ctx.services.openSource(settings.connectionId);
      let indexed = 0;
      try {
        for await (const rows of source.read(settings.stream, { batchSize: settings.batchSize, signal: ctx.signal })) {
          throwIfCancelled(ctx.signal);
          const keyed: { key: string; row: Record<string, unknown> }[] = [];
          for (const row of rows) {
            if (columns.size === 0) for (const c of Object.keys(row)) columns.add(c);
            const key = joinKeyText(settings.on.map((o) => row[o.joinColumn]));
            if (key !== null) keyed.push({ key, row });
          }
          index.add(joinId, keyed);
          indexed += rows.length;
        }
      } finally {
        await source.close();
      }
      ctx.log('info', `Indexed ${indexed.toLocaleString('en')} rows of ${settings.stream} by ${settings.on.map((o) => o.joinColumn).join(', ')} for the join "${settings.as}".`);
      const empty: Record<string, unknown> = {};
      for (const c of columns) empty[`${settings.as}.${c}`] = null;

      for await (const batch of input) {
        throwIfCancelled(ctx.signal);
        const rows: SourceRow[] = [];
        const bad: BadRow[] = batch.bad;
        const keys = batch.rows.map((r) => joinKeyText(settings.on.map((o) => r.row[o.column])));
        const found = index.lookupMany(joinId, keys.filter((k): k is string => k !== null));
        for (let i = 0; i < batch.rows.length; i++) {
          const r = batch.rows[i];
          const key = keys[i];
          const matches = key === null ? [] : (found.get(key) ?? []);
          if (matches.length === 0) {
            unmatched++;
            if (settings.kind === 'inner') ctx.counters.skipped++;
            else rows.push({ sourceRow: r.sourceRow, row: { ...r.row, ...empty } });
          } else if (settings.match === 'one' && matches.length > 1) {
            bad.push({
              stage: 'transform',
              externalId: null,
              sourceRow: r.sourceRow,
              errors: [{ field: null, message: `${settings.stream} has more than one row with ${settings.on.map((o) => o.joinColumn).join(', ')} = ${key}, so the join "${settings.as}" cannot choose one.`, code: 'JOIN_AMBIGUOUS' }],
              row: r.row,
            });
          } else {
            for (const m of matches) rows.push({ sourceRow: r.sourceRow, row: { ...r.row, ...prefixed(settings.as, m, empty) } });
          }
        }
        yield { rows, bad };
      }
      if (unmatched) ctx.log(settings.kind === 'inner' ? 'warning' : 'info', `${unmatched.toLocaleString('en')} row(s) found no match in ${settings.stream}: ${settings.kind === 'inner' ? 'left out (inner join), counted as skipped' : 'kept with its columns empty'}.`);
    } finally {
      index.drop(joinId);
    }
  },
});

function prefixed(as: string, row: Record<string, unknown>, empty: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...empty };
  for (const [k, v] of Object.entries(row)) out[`${as}.${k}`] = v;
  return out;
}
