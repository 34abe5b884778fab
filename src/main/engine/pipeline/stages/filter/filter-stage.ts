import { z } from 'zod';
import type { MappingFilter } from '../../../../../shared/model/mapping';
import { defineStage, type Remark, type SourceRow } from '../stage';
import { settingsRemarks } from '../stage-helpers';
import { filterPredicate } from '../../../mapping/row-filter';

const filterShape = z.object({
  column: z.string().min(1),
  op: z.enum(['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty']),
  values: z.array(z.string()).optional(),
  label: z.string().optional(),
});
export const filterSettings = z.object({ filters: z.array(filterShape).min(1) });
export type FilterSettings = z.infer<typeof filterSettings>;

/**
 * Keeps the rows that satisfy every predicate (only current pupils; families that did not
 * withhold consent). A row left out is counted skipped, and the step's log says how many each
 * filter left out, under its label, so "left out" is never silent.
 */
export const filterStage = defineStage<FilterSettings, SourceRow, SourceRow>({
  kind: 'filter',
  label: 'Filter rows',
  settings: filterSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, input) {
    const remarks: Remark[] = settingsRemarks('filter', filterSettings, settings);
    if (remarks.length) return remarks;
    const columns = new Set(input.fields.map((f) => f.name));
    settings.filters.forEach((f, i) => {
      const place = `filters[${i}] ${labelOf(f)}`;
      if (columns.size && !columns.has(f.column)) remarks.push({ level: 'error', stage: 'filter', place, message: `The filter reads "${f.column}", which the rows do not have.` });
      if (f.op !== 'isEmpty' && f.op !== 'isNotEmpty' && !f.values?.length) remarks.push({ level: 'error', stage: 'filter', place, message: `The filter "${f.op}" needs at least one value.` });
    });
    return remarks;
  },
  async *process(input, { filters }, ctx) {
    const left = filters.map(() => 0);
    const tests = filters.map(filterPredicate);
    try {
      for await (const batch of input) {
        const rows: SourceRow[] = [];
        for (const r of batch.rows) {
          const failed = tests.findIndex((t) => !t(r.row));
          if (failed < 0) rows.push(r);
          else {
            left[failed]++;
            ctx.counters.skipped++;
          }
        }
        yield { rows, bad: batch.bad };
      }
    } finally {
      const said = filters.map((f, i) => (left[i] ? `${labelOf(f)}: ${left[i].toLocaleString('en')}` : null)).filter(Boolean);
      if (said.length) ctx.log('info', `Left out by filters (counted as skipped): ${said.join('; ')}.`);
    }
  },
});

export function labelOf(f: MappingFilter | z.infer<typeof filterShape>): string {
  return f.label ?? `${f.column} ${f.op}${f.values?.length ? ` ${f.values.join(', ')}` : ''}`;
}
