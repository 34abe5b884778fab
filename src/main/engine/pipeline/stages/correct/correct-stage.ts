import { z } from 'zod';
import { RerunSelection } from '../../rerun/rerun-selection';
import { defineStage, type BadRow, type RecordRow } from '../stage';
import { settingsRemarks } from '../stage-helpers';

export const correctSettings = z.object({ selection: z.custom<RerunSelection>((s) => s instanceof RerunSelection, 'A re-run names the rejects it reads.') });
export type CorrectSettings = z.infer<typeof correctSettings>;

/**
 * Puts the values a person typed in the quarantine grid in place of what the mapping made of the
 * row (a correction is the value the field takes in Academia Pro), after `map` and before
 * `validate`, so a corrected row is validated like any other. A row the transform stage rejected
 * goes on as a good row when every field it failed on was corrected. The source is never written.
 */
export const correctStage = defineStage<CorrectSettings, RecordRow, RecordRow>({
  kind: 'correct',
  label: 'Apply corrections',
  settings: correctSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings) {
    return settingsRemarks('correct', correctSettings, settings);
  },
  async *process(input, { selection }, ctx) {
    for await (const batch of input) {
      const rows: RecordRow[] = [];
      for (const r of batch.rows) {
        const p = selection.correctionsFor(r.sourceRow, r.row, r.externalId);
        if (p?.corrections.length) {
          applyTo(r.record, p.corrections);
          r.externalId = typeof r.record.externalId === 'string' && r.record.externalId ? r.record.externalId : r.externalId;
        }
        if (p) selection.found.set(p.id, r.externalId);
        rows.push(r);
      }
      const bad: BadRow[] = [];
      for (const b of batch.bad) {
        const p = b.stage === 'transform' && b.sourceRow !== null ? selection.correctionsFor(b.sourceRow, b.row, b.externalId) : null;
        if (!p) {
          bad.push(b);
          continue;
        }
        const fixed = new Set(p.corrections.map((c) => c.field));
        const record = { ...(b.record ?? {}) };
        applyTo(record, p.corrections);
        const externalId = typeof record.externalId === 'string' && record.externalId ? record.externalId : b.externalId;
        selection.found.set(p.id, externalId);
        const errors = b.errors.filter((e) => e.field === null || !fixed.has(e.field));
        if (errors.length || !externalId) bad.push({ ...b, errors: errors.length ? errors : b.errors, externalId });
        else rows.push({ sourceRow: b.sourceRow!, row: b.row, externalId, record: { ...record, externalId }, ...(b.keep ? { keep: b.keep } : {}) });
      }
      ctx.progress('transform', ctx.counters.read);
      yield { rows, bad };
    }
  },
});

/** A correction to null blanks the field (left out of the record, as the mapping leaves out nulls). */
function applyTo(record: Record<string, unknown>, corrections: readonly { field: string; value: unknown }[]): void {
  for (const c of corrections) {
    if (c.value === null || c.value === undefined || c.value === '') delete record[c.field];
    else record[c.field] = c.value;
  }
}
