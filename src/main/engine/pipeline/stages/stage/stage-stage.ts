import { z } from 'zod';
import type { StagedRecord } from '../../../project/staging-repo';
import { canonicalRecord } from '../../record-hash';
import { defineStage, type BadRow, type RecordRow, type Remark } from '../stage';
import { settingsRemarks } from '../stage-helpers';

export const stageSettings = z.object({ entity: z.string().min(1) });
export type StageSettings = z.infer<typeof stageSettings>;

const bySourceRow = (a: BadRow, b: BadRow) => (a.sourceRow ?? Number.MAX_SAFE_INTEGER) - (b.sourceRow ?? Number.MAX_SAFE_INTEGER);

/**
 * Stages the good records in the project file with their canonical hash (one transaction per
 * batch) and records every bad row that reached it, in source order, under the stage that
 * rejected it. A second row with an externalId already staged by this run is rejected as
 * `DUPLICATE_KEY` under its own source row number, never silently merged. Yields nothing: the push pages through what is staged.
 */
export const stageStage = defineStage<StageSettings, RecordRow, never>({
  kind: 'stage',
  label: 'Stage in the project file',
  settings: stageSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, input) {
    const remarks: Remark[] = settingsRemarks('stage', stageSettings, settings);
    if (!remarks.length && input.fields.length && !input.fields.some((f) => f.name === 'externalId')) {
      remarks.push({ level: 'error', stage: 'stage', place: 'input', message: 'Records reach staging without an externalId: they could not be told apart.' });
    }
    return remarks;
  },
  // eslint-disable-next-line require-yield -- records what reaches it; the push pages through the staged rows
  async *process(input, { entity }, ctx) {
    const { staging } = ctx.services;
    const { counters } = ctx;
    for await (const batch of input) {
      const good: StagedRecord[] = new Array<StagedRecord>(batch.rows.length);
      for (let i = 0; i < batch.rows.length; i++) {
        const r = batch.rows[i];
        const { json, hash } = canonicalRecord(r.record);
        good[i] = { externalId: r.externalId, payload: r.record, hash, json };
      }
      const { duplicates } = staging.stage(ctx.runId, entity, good);
      const bad = batch.bad;
      if (bad.length > 1) bad.sort(bySourceRow);
      // A duplicate keeps the source row number of the row that was not staged (the quarantine lists it by that number).
      const rowOf = duplicates.length ? new Map(good.map((g, i) => [g, batch.rows[i].sourceRow])) : null;
      for (const d of duplicates) {
        bad.push({ stage: 'validate', externalId: d.externalId, sourceRow: rowOf?.get(d) ?? null, errors: [{ field: 'externalId', code: 'DUPLICATE_KEY', message: `Another source row already has the key ${d.externalId}; only the first was staged.` }], row: d.payload });
      }
      staging.rejectRows(ctx.runId, entity, bad.map(rejectPayload));
      counters.rejected += bad.length;
      ctx.progress('transform', counters.read);
    }
    ctx.progress('stage', counters.read, { force: true });
    const staged = staging.stagedCount(ctx.runId, entity);
    ctx.log(counters.rejected ? 'warning' : 'info', `Staged ${staged.toLocaleString('en')} ${staged === 1 ? 'record' : 'records'}; ${counters.rejected.toLocaleString('en')} rejected, ${counters.skipped.toLocaleString('en')} skipped.`);
  },
});

/** What a reject keeps of its row: the columns the mapping reads when known (`BadRow.keep`), not the whole source row. */
function rejectPayload(b: BadRow): BadRow {
  if (!b.keep) return b;
  const row: Record<string, unknown> = {};
  for (const c of b.keep) if (c in b.row) row[c] = b.row[c];
  return { ...b, row };
}
