import { describe, expect, it } from 'vitest';
import { RuleChecker } from '../../../../src/main/engine/pipeline/stages/validate/rule-checker';
import { validateStage } from '../../../../src/main/engine/pipeline/stages/validate/validate-stage';
import type { PlanEnv, RecordRow, RowShape } from '../../../../src/main/engine/pipeline/stages/stage';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import type { MappingRule } from '../../../../src/shared/model/mapping-rules';
import { entityMappingInputSchema } from '../../../../src/shared/model/mapping-schema';
import { batchesOf, collect, stageContextOf } from '../../../support/fake-run';

const env: PlanEnv = { contract: loadTargetContract('v1'), catalog: () => null };

/** An enrolment record (v1: student, class, start, optional end and status) that the target's schema accepts, so the rules decide. */
function enrolment(n: number, extra: Record<string, unknown> = {}): RecordRow {
  return { sourceRow: n, row: { ID: `E${n}` }, externalId: `E${n}`, record: { externalId: `E${n}`, studentExternalId: `S${n}`, classExternalId: 'C1', startDate: '2024-09-01', ...extra } };
}

async function validated(rows: RecordRow[][], rules: MappingRule[]) {
  const ctx = stageContextOf({ entity: 'enrollments' });
  const out = await collect<RecordRow>(validateStage.process(batchesOf(...rows.map((b) => ({ rows: b }))), { entity: 'enrollments', rules }, ctx));
  return { ...out, logged: ctx.logged };
}

/** The rule checker alone, on records of any shape (no target schema in the way). */
function checked(rows: RecordRow[], rules: MappingRule[]): Map<number, string[]> {
  const checker = new RuleChecker(rules);
  const out = new Map<number, string[]>();
  checker.offer(rows);
  for (const r of rows) {
    const f = checker.check(r);
    if (f !== 'held') out.set(r.sourceRow, f.map((x) => `${x.severity}: ${x.message}`));
  }
  for (const h of checker.release(true)) out.set(h.row.sourceRow, h.findings.map((x) => `${x.severity}: ${x.message}`));
  return out;
}
const rec = (n: number, record: Record<string, unknown>): RecordRow => ({ sourceRow: n, row: {}, externalId: `R${n}`, record: { externalId: `R${n}`, ...record } });

describe('validate stage: rules beyond the schema, reported per row with their place', () => {
  it('cross-field: a row breaking end ≥ start is rejected with RULE_FAILED on the field; a missing side is not checked', async () => {
    const rules: MappingRule[] = [{ kind: 'compare', name: 'ends after it starts', field: 'endDate', op: '>=', other: 'startDate' }];
    const out = await validated([[enrolment(1, { endDate: '2025-07-20' }), enrolment(2, { endDate: '2024-08-31' }), enrolment(3)]], rules);
    expect(out.rows.map((r) => r.sourceRow)).toEqual([1, 3]);
    expect(out.bad).toEqual([expect.objectContaining({ stage: 'validate', sourceRow: 2, externalId: 'E2', errors: [{ field: 'endDate', code: 'RULE_FAILED', message: 'Rule "ends after it starts": endDate (2024-08-31) is not at least startDate (2024-09-01).' }] })]);
  });

  it('numbers compare as numbers, not as text', () => {
    const out = checked([rec(1, { lo: 9, hi: 10 }), rec(2, { lo: 11, hi: 10 }), rec(3, { lo: '9', hi: '10' })], [{ kind: 'compare', name: 'range', field: 'lo', op: '<', other: 'hi' }]);
    expect([...out].filter(([, f]) => f.length).map(([n]) => n)).toEqual([2]);
  });

  it('unique within the load, across batches: the first keeps the value, later ones name its row; blanks are not compared', async () => {
    const rules: MappingRule[] = [{ kind: 'unique', name: 'one enrolment per pupil and class', fields: ['studentExternalId', 'classExternalId'] }];
    const out = await validated([[enrolment(1), enrolment(2)], [enrolment(3, { studentExternalId: 's1' }), enrolment(4, { classExternalId: 'C2', studentExternalId: 'S1' }), enrolment(5, { studentExternalId: '' })]], rules);
    expect(out.rows.map((r) => r.sourceRow)).toEqual([1, 2, 4]);
    expect(out.bad.map((b) => b.sourceRow)).toEqual([3, 5]);
    expect(out.bad[0]).toMatchObject({ sourceRow: 3, errors: [{ field: 'studentExternalId', code: 'RULE_FAILED', message: expect.stringMatching(/^Rule "one enrolment per pupil and class": studentExternalId \+ classExternalId "s1 \+ C1" is already used by source row 1 of this load\.$/) }] });
    // Row 5's blank student is the target schema's business (minLength), not a duplicate.
    expect(out.bad[1].errors.every((e) => e.code !== 'RULE_FAILED')).toBe(true);
  });

  it('exists in this load: a forward reference waits for its row; one that never comes is flagged at the end', () => {
    const rules: MappingRule[] = [{ kind: 'exists', name: 'parent class is in the load', field: 'parentClassId', severity: 'warning' }];
    const checker = new RuleChecker(rules);
    const first = [rec(1, { parentClassId: 'R3' }), rec(2, { parentClassId: 'R1' })];
    checker.offer(first);
    expect(first.map((r) => checker.check(r))).toEqual(['held', []]);
    expect(checker.release(false)).toEqual([]);
    const second = [rec(3, {}), rec(4, { parentClassId: 'R99' })];
    checker.offer(second);
    expect(second.map((r) => checker.check(r))).toEqual([[], 'held']);
    expect(checker.release(false).map((h) => [h.row.sourceRow, h.findings])).toEqual([[1, []]]);
    expect(checker.release(true).map((h) => [h.row.sourceRow, h.findings])).toEqual([[4, [{ rule: 'parent class is in the load', severity: 'warning', field: 'parentClassId', message: 'Rule "parent class is in the load": parentClassId "R99" is not the externalId of any record in this load.' }]]]);
  });

  it('exists through the stage: the held row comes out at the end with its warning, and the run log counts it', async () => {
    const rules: MappingRule[] = [{ kind: 'exists', name: 'class known', field: 'classExternalId', inField: 'externalId', severity: 'warning' }];
    const out = await validated([[enrolment(1, { classExternalId: 'E2' }), enrolment(2, { classExternalId: 'E9' })]], rules);
    expect(out.bad).toEqual([]);
    expect(out.rows.map((r) => [r.sourceRow, r.warnings?.length ?? 0])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(out.logged).toContainEqual({ level: 'warning', message: 'Rule "class known" warned on 1 record(s); they were loaded.' });
  });

  it('custom CEL over record and row; a row it cannot evaluate is flagged with the position, not a crash', async () => {
    const rules: MappingRule[] = [
      { kind: 'expression', name: 'completed ones have ended', expression: 'record.status != "completed" || record.endDate <= "2025-08-31"', message: 'A completed enrolment ends by the end of the year.' },
      { kind: 'expression', name: 'source says active', expression: 'row.STATUS == "C"', severity: 'warning' },
    ];
    const rows = [
      { ...enrolment(1, { status: 'completed', endDate: '2025-07-20' }), row: { STATUS: 'C' } },
      { ...enrolment(2, { status: 'completed', endDate: '2026-07-20' }), row: { STATUS: 'C' } },
      { ...enrolment(3, { status: 'active' }), row: { STATUS: 'L' } },
      { ...enrolment(4, { status: 'completed' }), row: { STATUS: 'C' } },
    ];
    const out = await validated([rows], rules);
    expect(out.rows.map((r) => [r.sourceRow, r.warnings?.map((w) => w.code) ?? []])).toEqual([
      [1, []],
      [3, ['RULE_WARNING']],
    ]);
    expect(out.bad.map((b) => [b.sourceRow, b.errors.map((e) => e.message)])).toEqual([
      [2, ['Rule "completed ones have ended": A completed enrolment ends by the end of the year.']],
      [4, [expect.stringMatching(/^Rule "completed ones have ended": The rule could not be checked on this row: EXPRESSION_RUNTIME: No such key: endDate\. \(at line 1, column \d+\)$/)]],
    ]);
  });

  it('check: a rule reading an unfed field warns; an expression that does not type-check against the record is an error with its position', () => {
    const shape: RowShape = { fields: [{ name: 'externalId', type: 'string', origin: 'map' }, { name: 'firstName', type: 'string', origin: 'map' }, { name: 'lastName', type: 'string', origin: 'map' }, { name: 'age', type: 'integer', origin: 'map' }] };
    const remarks = validateStage.check(
      {
        entity: 'guardians',
        rules: [
          { kind: 'compare', name: 'dates', field: 'endDate', op: '>=', other: 'startDate' },
          { kind: 'expression', name: 'typed', expression: 'record.age + record.firstName > 3' },
          { kind: 'expression', name: 'not a test', expression: 'record.firstName' },
          { kind: 'expression', name: 'fine', expression: 'record.age >= 18 && record.lastName != ""' },
        ],
      },
      shape,
      env,
    );
    expect(remarks.map((r) => [r.level, r.place])).toEqual([
      ['warning', 'rule dates'],
      ['warning', 'rule dates'],
      ['error', 'rule typed'],
      ['error', 'rule not a test'],
    ]);
    expect(remarks[2].message).toMatch(/^EXPRESSION_TYPE: No such overload: int \+ string\. \(at line 1, column 1\)/);
    expect(remarks[3].message).toMatch(/gives string, and bool is expected/);
  });

  it('the spec schema takes rules of each kind and refuses an unknown one', () => {
    const base = { entity: 'guardians', connectionId: 'c', stream: 'S', keyColumns: ['ID'], fields: [] };
    expect(entityMappingInputSchema.safeParse({ ...base, rules: [{ kind: 'unique', name: 'u', fields: ['email'] }, { kind: 'exists', name: 'e', field: 'x', inField: 'externalId', severity: 'warning' }, { kind: 'expression', name: 'x', expression: 'true' }, { kind: 'compare', name: 'c', field: 'a', op: '>=', other: 'b' }] }).success).toBe(true);
    expect(entityMappingInputSchema.safeParse({ ...base, rules: [{ kind: 'magic', name: 'm' }] }).success).toBe(false);
    expect(entityMappingInputSchema.safeParse({ ...base, rules: [{ kind: 'compare', name: 'c', field: 'a', op: '=>', other: 'b' }] }).success).toBe(false);
  });
});
