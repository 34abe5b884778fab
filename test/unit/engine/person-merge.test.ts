import { describe, expect, it } from 'vitest';
import { decisionsForStream, fillFromDuplicates, keysToCollect, planPersonMerge, redirectReferences, type MemberRecord } from '../../../src/main/engine/pipeline/person-merge';
import type { MatchDecision } from '../../../src/shared/model/assessment';

const decided = (left: string, right: string, decision: 'same' | 'different' = 'same', at = '2025-03-01T10:00:00.000Z', table = 'PUPILS'): MatchDecision => ({ table, left, right, decision, decidedAt: at, decidedBy: 'it@school' });

function member(key: string, filled: number, updated: string | null, record: Record<string, unknown> = {}): MemberRecord {
  return { personKey: key, externalId: key.trim(), record: { externalId: key.trim(), ...record }, facts: { filled, updated } };
}

describe('decisions a run can apply to one table', () => {
  it('keeps pairs inside the table, and counts pairs across tables and pairs named by position', () => {
    const all = [decided('P1', 'P2'), decided('PUPILS:P3', 'STAFF:9'), decided('row 4', 'row 7'), decided('X', 'Y', 'same', '2025-03-01T10:00:00.000Z', 'STAFF')];
    const out = decisionsForStream(all, 'PUPILS');
    expect(out.decisions).toEqual([all[0]]);
    expect(out).toMatchObject({ crossTable: 1, positional: 1 });
    expect([...keysToCollect([...out.decisions, decided('P8', 'P9', 'different')])]).toEqual(['P1', 'P2']);
  });
});

describe('planning the merge', () => {
  const members = new Map([
    ['P1', member('P1', 5, '2024-01-01', { email: 'a@x' })],
    ['P2', member('P2', 9, '2023-01-01', { phone: '1' })],
    ['P3', member('P3', 7, '2025-01-01', { email: 'c@x', middleName: 'Jo' })],
    ['P7', member('P7', 4, null)],
    ['P8', member('P8', 4, null)],
  ]);

  it('sends each confirmed cluster as its most complete record and maps the others onto it', () => {
    const plan = planPersonMerge({ entity: 'students', table: 'PUPILS', decisions: decisionsForStream([decided('P1', 'P2'), decided('P2', 'P3')], 'PUPILS'), rule: 'most-complete', members });
    expect(plan.clusters).toBe(1);
    expect([...plan.mergedInto]).toEqual([
      ['P1', 'P2'],
      ['P3', 'P2'],
    ]);
    // Duplicates fill the survivor's blanks, most complete first.
    expect(plan.donors.get('P2')!.map((r) => r.externalId)).toEqual(['P3', 'P1']);
  });

  it('follows the survivor rule: most recent, or the left record of the pair', () => {
    const decisions = decisionsForStream([decided('P1', 'P2'), decided('P2', 'P3')], 'PUPILS');
    expect(planPersonMerge({ entity: 'students', table: 'PUPILS', decisions, rule: 'most-recent', members }).mergedInto.get('P1')).toBe('P3');
    expect(planPersonMerge({ entity: 'students', table: 'PUPILS', decisions: decisionsForStream([decided('P7', 'P8')], 'PUPILS'), rule: 'keep-left', members }).mergedInto.get('P8')).toBe('P7');
  });

  it('leaves out pairs naming a missing record, and refuses a merge that contradicts a "different"', () => {
    const decisions = decisionsForStream([decided('P1', 'P404'), decided('P7', 'P8', 'different', '2025-03-01T09:00:00.000Z'), decided('P7', 'P3'), decided('P3', 'P8', 'same', '2025-03-01T11:00:00.000Z')], 'PUPILS');
    const plan = planPersonMerge({ entity: 'students', table: 'PUPILS', decisions, rule: 'most-complete', members });
    expect(plan.unapplied).toMatchObject({ missing: 1, conflicts: 1 });
    expect([...plan.mergedInto]).toEqual([['P7', 'P3']]);
    expect(plan.mergedInto.has('P1')).toBe(false);
  });

  it('applies the latest decision on a pair (a withdrawn merge is no merge)', () => {
    const plan = planPersonMerge({ entity: 'students', table: 'PUPILS', decisions: decisionsForStream([decided('P1', 'P2'), decided('P1', 'P2', 'different', '2025-03-02T00:00:00.000Z')], 'PUPILS'), rule: 'most-complete', members });
    expect(plan.mergedInto.size).toBe(0);
    expect(plan.clusters).toBe(0);
  });
});

describe('filling and redirecting', () => {
  it('fills only the survivor’s blank fields, first donor first, never the externalId', () => {
    const out = fillFromDuplicates({ externalId: 'P2', email: '', phone: '1', allergies: [] }, [
      { externalId: 'P3', email: 'c@x', middleName: 'Jo', allergies: ['Nuts'] },
      { externalId: 'P1', email: 'a@x', phone: '9', middleName: 'Al' },
    ]);
    expect(out.record).toEqual({ externalId: 'P2', email: 'c@x', phone: '1', allergies: ['Nuts'], middleName: 'Jo' });
    expect(out.filled).toBe(3);
    const same = { externalId: 'P2', email: 'b@x' };
    expect(fillFromDuplicates(same, [{ externalId: 'P1' }]).record).toBe(same);
  });

  it('points references to merged records at their survivors and leaves others alone', () => {
    const plan = planPersonMerge({ entity: 'students', table: 'PUPILS', decisions: decisionsForStream([decided('P1', 'P2')], 'PUPILS'), rule: 'most-complete', members: new Map([['P1', member('P1', 1, null)], ['P2', member('P2', 2, null)]]) });
    const invoice = { externalId: 'INV1', studentExternalId: 'P1', amount: '10.00' };
    const out = redirectReferences(invoice, [{ field: 'studentExternalId', plan }]);
    expect(out).toEqual({ record: { externalId: 'INV1', studentExternalId: 'P2', amount: '10.00' }, redirected: 1 });
    expect(invoice.studentExternalId).toBe('P1');
    const other = { externalId: 'INV2', studentExternalId: 'P5' };
    expect(redirectReferences(other, [{ field: 'studentExternalId', plan }])).toEqual({ record: other, redirected: 0 });
  });
});
