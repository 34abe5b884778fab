import { describe, expect, it } from 'vitest';
import { resolveKey, type FieldRules, type KeyState } from '../../../src/main/engine/sync/two-way/field-resolution';
import type { ConflictPolicy, FieldOwner } from '../../../src/shared/model/sync';

const base = { firstName: 'Ann', lastName: 'Lee', gradeLevel: '07' };
const rules = (policy: ConflictPolicy, owners: Record<string, FieldOwner> = {}): FieldRules => ({ fields: ['firstName', 'lastName', 'gradeLevel'], owner: (f) => owners[f] ?? 'both', policy });
const state = (over: Partial<KeyState>): KeyState => ({ base, source: null, target: null, sourceAt: null, targetAt: null, open: new Map(), decided: new Map(), ...over });

/** Two-way settling of one key, field by field, with values in memory (docs/sync.md "Two-way"). */
describe('two-way field resolution', () => {
  const bothChanged = state({ source: { ...base, lastName: 'Lee-Smith' }, target: { ...base, lastName: 'Smith' }, sourceAt: Date.parse('2026-03-02T10:00:00Z'), targetAt: Date.parse('2026-03-02T09:00:00Z') });

  it('source wins: the source’s value goes to Academia Pro; the conflict is kept with both values', () => {
    const r = resolveKey(bothChanged, rules('source-wins'));
    expect(r.conflicts).toEqual([{ field: 'lastName', base: 'Lee', source: 'Lee-Smith', target: 'Smith', winner: 'source' }]);
    expect(r.push).toEqual({ ...base, lastName: 'Lee-Smith' });
    expect(r.writeBack).toEqual({});
    expect(r.settled.lastName).toBe('Lee-Smith');
  });

  it('target wins: Academia Pro keeps its value and it is written back to the source', () => {
    const r = resolveKey(bothChanged, rules('target-wins'));
    expect(r.conflicts[0].winner).toBe('target');
    expect(r.push).toBeNull();
    expect(r.writeBack).toEqual({ lastName: 'Smith' });
    expect(r.settled.lastName).toBe('Smith');
  });

  it('newest wins by the two sides’ change times, Academia Pro’s when a time is unknown', () => {
    expect(resolveKey(bothChanged, rules('newest-wins')).push).toEqual({ ...base, lastName: 'Lee-Smith' });
    const targetNewer = { ...bothChanged, targetAt: Date.parse('2026-03-02T11:00:00Z') };
    expect(resolveKey(targetNewer, rules('newest-wins')).writeBack).toEqual({ lastName: 'Smith' });
    expect(resolveKey({ ...bothChanged, sourceAt: null }, rules('newest-wins')).conflicts[0].winner).toBe('target');
  });

  it('manual: parked, each side keeps what it has and the base stays, so it is still a conflict next time', () => {
    const r = resolveKey(bothChanged, rules('manual'));
    expect(r.conflicts).toEqual([{ field: 'lastName', base: 'Lee', source: 'Lee-Smith', target: 'Smith', winner: null }]);
    expect(r.push).toBeNull();
    expect(r.writeBack).toEqual({});
    expect(r.settled.lastName).toBe('Lee');
    // While open, the source's later change does not reach Academia Pro either.
    const open = resolveKey(state({ source: { ...base, lastName: 'Other' }, target: { ...base, lastName: 'Smith' }, open: new Map([['lastName', 'Smith']]) }), rules('source-wins'));
    expect(open.push).toBeNull();
    expect(open.conflicts).toEqual([]);
  });

  it('a decision gives its value to both sides', () => {
    const r = resolveKey({ ...bothChanged, decided: new Map([['lastName', { conflictId: 'cf-1', value: 'Lee Smith' }]]) }, rules('manual'));
    expect(r.push).toEqual({ ...base, lastName: 'Lee Smith' });
    expect(r.writeBack).toEqual({ lastName: 'Lee Smith' });
    expect(r.applied).toEqual(['cf-1']);
    expect(r.conflicts).toEqual([]);
  });

  it('ownership: the owner’s change wins without a conflict; one side changing a shared field is no conflict', () => {
    const owners = { firstName: 'source', gradeLevel: 'target' } as const;
    const r = resolveKey(state({ source: { ...base, firstName: 'Anne', gradeLevel: '08' }, target: { ...base, firstName: 'Annie', gradeLevel: '09', lastName: 'Smith' } }), rules('manual', owners));
    expect(r.conflicts).toEqual([]);
    // firstName: the source owns it, Academia Pro's edit is put back; gradeLevel: Academia Pro's, written back; lastName: only Academia Pro changed it.
    expect(r.push).toEqual({ firstName: 'Anne', lastName: 'Smith', gradeLevel: '09' });
    expect(r.writeBack).toEqual({ gradeLevel: '09', lastName: 'Smith' });
    expect(r.notes.join(' ')).toMatch(/firstName: Academia Pro's change put back/);
  });

  it('both sides making the same change is no conflict and nothing to do', () => {
    const r = resolveKey(state({ source: { ...base, lastName: 'Smith' }, target: { ...base, lastName: 'Smith' } }), rules('manual'));
    expect(r).toMatchObject({ push: null, writeBack: {}, conflicts: [] });
    expect(r.settled.lastName).toBe('Smith');
  });
});
