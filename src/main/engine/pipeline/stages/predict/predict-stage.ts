import { z } from 'zod';
import { defineStage, type Remark } from '../stage';
import { drain, entityRemarks, fieldsNamed, settingsRemarks } from '../stage-helpers';

export const predictSettings = z.object({ entity: z.string().min(1) });
export type PredictSettings = z.infer<typeof predictSettings>;

/**
 * The dry run's tail in place of the push: says what a push of the staged records would do,
 * judged from the hash the target last acknowledged for each (created / updated / unchanged).
 */
export const predictStage = defineStage<PredictSettings, unknown, never>({
  kind: 'predict',
  label: 'Predict the push',
  settings: predictSettings,
  fields() {
    return { fields: fieldsNamed(['created', 'updated', 'unchanged'], 'predict', 'integer') };
  },
  check(settings, _input, env) {
    const remarks: Remark[] = settingsRemarks('predict', predictSettings, settings);
    return remarks.length ? remarks : entityRemarks('predict', settings.entity, env);
  },
  // eslint-disable-next-line require-yield -- a tail that only records: nothing flows on
  async *process(input, { entity }, ctx) {
    await drain(input);
    const predicted = ctx.services.staging.predict(ctx.runId, entity);
    Object.assign(ctx.counters, predicted);
    ctx.log('info', `Dry run: would create ${predicted.created}, update ${predicted.updated}, leave ${predicted.unchanged} unchanged.`);
  },
});
