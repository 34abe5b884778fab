import { z } from 'zod';
import { defineStage, type RecordRow } from '../stage';
import { entityRemarks, settingsRemarks } from '../stage-helpers';

export const excludeSettings = z.object({ entity: z.string().min(1) });
export type ExcludeSettings = z.infer<typeof excludeSettings>;

/**
 * Leaves out the records of people erased on request (issue 21: a family asked the school to
 * forget them) and every record that references one, before anything is validated, staged, pushed
 * or synced, so the source sending them again never brings them back. Counted as skipped and said
 * once in the step's log, with a count and never a key. Without erasures (no `erased` service) it
 * passes every batch through untouched.
 */
export const excludeStage = defineStage<ExcludeSettings, RecordRow, RecordRow>({
  kind: 'exclude',
  label: 'Leave out erased people',
  settings: excludeSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, _input, env) {
    const remarks = settingsRemarks('exclude', excludeSettings, settings);
    return remarks.length ? remarks : entityRemarks('exclude', settings.entity, env);
  },
  async *process(input, { entity }, ctx) {
    const erased = ctx.services.erased;
    if (!erased) {
      yield* input;
      return;
    }
    let left = 0;
    try {
      for await (const batch of input) {
        const rows = batch.rows.filter((r) => !erased(entity, r.externalId, r.record));
        const out = batch.rows.length - rows.length;
        if (out) {
          left += out;
          ctx.counters.skipped += out;
        }
        // A bad row of an erased person (a failed transform) is left out too: a reject would keep their fields.
        const bad = batch.bad.filter((b) => b.externalId === null || !erased(entity, b.externalId, b.record ?? {}));
        left += batch.bad.length - bad.length;
        ctx.counters.skipped += batch.bad.length - bad.length;
        yield { rows, bad };
      }
    } finally {
      if (left) ctx.log('info', `Left out ${left.toLocaleString('en')} ${left === 1 ? 'record' : 'records'} of people erased on request (counted as skipped).`);
    }
  },
});
