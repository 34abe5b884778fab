import { z } from 'zod';
import { defineStage, type RecordRow, type Remark } from '../stage';
import { entityRemarks, settingsRemarks } from '../stage-helpers';

export const validateSettings = z.object({ entity: z.string().min(1) });
export type ValidateSettings = z.infer<typeof validateSettings>;

/**
 * Validates each record against the entity's JSON Schema from the target's OpenAPI document; a
 * record that fails goes on as a bad row of stage `validate`, with every problem it has.
 */
export const validateStage = defineStage<ValidateSettings, RecordRow, RecordRow>({
  kind: 'validate',
  label: 'Validate against the target',
  settings: validateSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, input, env) {
    const remarks: Remark[] = settingsRemarks('validate', validateSettings, settings);
    if (remarks.length) return remarks;
    remarks.push(...entityRemarks('validate', settings.entity, env));
    if (remarks.length || !env.contract || !input.fields.length) return remarks;
    const present = new Set(input.fields.map((f) => f.name));
    for (const field of env.contract.entity(settings.entity).required) {
      if (!present.has(field)) remarks.push({ level: 'warning', stage: 'validate', place: `field ${field}`, message: `${settings.entity} requires "${field}", and nothing feeds it: every record will be rejected.` });
    }
    return remarks;
  },
  async *process(input, { entity }, ctx) {
    const { contract } = ctx.services.target;
    for await (const batch of input) {
      const rows: RecordRow[] = [];
      for (const r of batch.rows) {
        const problems = contract.validate(entity, r.record);
        if (!problems.length) rows.push(r);
        else batch.bad.push({ stage: 'validate', externalId: r.externalId || null, sourceRow: r.sourceRow, errors: problems.map((p) => ({ field: p.field, message: p.message, code: p.code })), row: r.row, keep: r.keep });
      }
      yield { rows, bad: batch.bad };
    }
  },
});
