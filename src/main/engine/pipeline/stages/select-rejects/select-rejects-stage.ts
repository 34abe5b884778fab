import { z } from 'zod';
import { RerunSelection } from '../../rerun/rerun-selection';
import { defineStage, type SourceRow } from '../stage';
import { settingsRemarks } from '../stage-helpers';

export const selectRejectsSettings = z.object({ selection: z.custom<RerunSelection>((s) => s instanceof RerunSelection, 'A re-run names the rejects it reads.') });
export type SelectRejectsSettings = z.infer<typeof selectRejectsSettings>;

/**
 * The head of a re-run of rejects, right after the source is read (and joined): lets through only
 * the rows that were rejected — found by source row number, or by key for records the target
 * refused — and leaves every other row behind, so nothing else is mapped, staged or sent. The
 * step counts as read only the rows it let through (the rest of the source was scanned to find
 * them, which the log says).
 */
export const selectRejectsStage = defineStage<SelectRejectsSettings, SourceRow, SourceRow>({
  kind: 'select-rejects',
  label: 'Select the rejected rows',
  settings: selectRejectsSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings) {
    return settingsRemarks('select-rejects', selectRejectsSettings, settings);
  },
  async *process(input, { selection }, ctx) {
    let scanned = 0;
    let kept = 0;
    for await (const batch of input) {
      const rows: SourceRow[] = [];
      for (const r of batch.rows) {
        if (selection.match(r.sourceRow, r.row).length) rows.push(r);
      }
      scanned += batch.rows.length;
      kept += rows.length;
      ctx.counters.read -= batch.rows.length - rows.length;
      yield { rows, bad: batch.bad };
    }
    ctx.log('info', `Re-read ${kept.toLocaleString('en')} of ${selection.size.toLocaleString('en')} rejected ${selection.size === 1 ? 'row' : 'rows'} (${scanned.toLocaleString('en')} source rows scanned to find them).`);
  },
});
