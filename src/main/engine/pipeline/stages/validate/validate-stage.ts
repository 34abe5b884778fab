import { z } from 'zod';
import type { MappingRule } from '../../../../../shared/model/mapping-rules';
import { checkExpression } from '../../../mapping/expressions/check-expression';
import { defineStage, type BadRow, type RecordRow, type Remark, type RowShape } from '../stage';
import { entityRemarks, settingsRemarks } from '../stage-helpers';
import { RuleChecker, type RuleFinding } from './rule-checker';

export const validateSettings = z.object({
  entity: z.string().min(1),
  /** The mapping's rules (src/shared/model/mapping-rules.ts); checked after the target's schema. */
  rules: z.array(z.custom<MappingRule>((r) => typeof r === 'object' && r !== null && typeof (r as { kind?: unknown }).kind === 'string', 'A rule names its kind.')).optional(),
});
export type ValidateSettings = z.infer<typeof validateSettings>;

/**
 * Validates each record against the entity's JSON Schema from the target's OpenAPI document, then
 * against the mapping's rules (cross-field, unique within the load, exists in the load, CEL). A
 * record that fails goes on as a bad row of stage `validate`, with every problem it has (a rule's
 * code is RULE_FAILED); a rule of severity `warning` lets the record through with the warning.
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
    remarks.push(...ruleRemarks(settings.rules ?? [], input));
    if (remarks.some((r) => r.level === 'error' && !r.place.startsWith('rule ')) || !env.contract || !input.fields.length) return remarks;
    const present = new Set(input.fields.map((f) => f.name));
    for (const field of env.contract.entity(settings.entity).required) {
      if (!present.has(field)) remarks.push({ level: 'warning', stage: 'validate', place: `field ${field}`, message: `${settings.entity} requires "${field}", and nothing feeds it: every record will be rejected.` });
    }
    return remarks;
  },
  async *process(input, { entity, rules }, ctx) {
    const { contract } = ctx.services.target;
    const checker = new RuleChecker(rules ?? []);
    const warned = new Map<string, number>();
    const route = (r: RecordRow, findings: RuleFinding[], rows: RecordRow[], bad: BadRow[]) => {
      const errors = findings.filter((f) => f.severity === 'error');
      const warnings = findings.filter((f) => f.severity === 'warning');
      for (const w of warnings) warned.set(w.rule, (warned.get(w.rule) ?? 0) + 1);
      if (errors.length) {
        bad.push({ stage: 'validate', externalId: r.externalId || null, sourceRow: r.sourceRow, errors: findings.map((f) => ({ field: f.field, message: f.message, code: f.severity === 'error' ? 'RULE_FAILED' : 'RULE_WARNING' })), row: r.row, keep: r.keep });
      } else rows.push(warnings.length ? { ...r, warnings: [...(r.warnings ?? []), ...warnings.map((w) => ({ field: w.field, message: w.message, code: 'RULE_WARNING' }))] } : r);
    };
    for await (const batch of input) {
      const rows: RecordRow[] = [];
      checker.offer(batch.rows);
      for (const r of batch.rows) {
        const problems = contract.validate(entity, r.record);
        if (problems.length) {
          batch.bad.push({ stage: 'validate', externalId: r.externalId || null, sourceRow: r.sourceRow, errors: problems.map((p) => ({ field: p.field, message: p.message, code: p.code })), row: r.row, keep: r.keep });
          continue;
        }
        if (!checker.active) {
          rows.push(r);
          continue;
        }
        const findings = checker.check(r);
        if (findings !== 'held') route(r, findings, rows, batch.bad);
      }
      for (const h of checker.release(false)) route(h.row, h.findings, rows, batch.bad);
      yield { rows, bad: batch.bad };
    }
    // Rows still waiting for a reference at the end of the load: it never came.
    const last = checker.release(true);
    if (last.length) {
      const rows: RecordRow[] = [];
      const bad: BadRow[] = [];
      for (const h of last) route(h.row, h.findings, rows, bad);
      yield { rows, bad };
    }
    for (const [rule, n] of warned) ctx.log('warning', `Rule "${rule}" warned on ${n} record(s); they were loaded.`);
  },
});

/** What can be said about the rules before a row is read: fields nothing feeds, expressions that do not check. */
function ruleRemarks(rules: readonly MappingRule[], input: RowShape): Remark[] {
  const remarks: Remark[] = [];
  const known = input.fields.length > 0;
  const present = new Set(input.fields.map((f) => f.name));
  for (const rule of rules) {
    const place = `rule ${rule.name}`;
    const fields = rule.kind === 'compare' ? [rule.field, rule.other] : rule.kind === 'unique' ? rule.fields : rule.kind === 'exists' ? [rule.field, rule.inField ?? 'externalId'] : [];
    for (const f of fields) if (known && !present.has(f)) remarks.push({ level: 'warning', stage: 'validate', place, message: `The rule reads "${f}", which nothing in the mapping feeds: it never flags a row.` });
    if (rule.kind === 'expression') {
      const problem = checkExpression(rule.expression, { record: known ? input.fields : null, row: null }, {}, 'bool');
      if (problem) remarks.push({ level: 'error', stage: 'validate', place, message: `${problem.code}: ${problem.message} ${problem.hint}` });
    }
  }
  return remarks;
}
