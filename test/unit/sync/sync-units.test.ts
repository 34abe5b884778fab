import { describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../../src/academia-api/contract';
import { comparableOf, dateIn, timestampMs } from '../../../src/main/engine/pipeline/stages/cursor/cursor-values';
import { evaluateGate } from '../../../src/main/engine/sync/change-gate';
import { withdrawalFields, withdrawalSet } from '../../../src/main/engine/sync/withdrawal';
import type { SyncChangeCount } from '../../../src/shared/model/sync';

const contract = loadTargetContract('v1');
const change = (entity: string, c: Partial<SyncChangeCount>): SyncChangeCount => ({ entity, inserts: 0, updates: 0, deletes: 0, conflicts: 0, ...c });

describe('cursor values', () => {
  it('reads a timestamp without a zone in the source’s zone, across the clock change', () => {
    expect(timestampMs('2026-01-15 10:00:00', 'Europe/London')).toBe(Date.parse('2026-01-15T10:00:00Z'));
    expect(timestampMs('2026-07-15 10:00:00', 'Europe/London')).toBe(Date.parse('2026-07-15T09:00:00Z'));
    expect(timestampMs('2026-07-15T10:00:00', 'America/New_York')).toBe(Date.parse('2026-07-15T14:00:00Z'));
    // A value with a zone is an instant whatever the source's zone; microseconds are kept.
    expect(timestampMs('2026-07-15T10:00:00Z', 'Europe/London')).toBe(Date.parse('2026-07-15T10:00:00Z'));
    expect(timestampMs('2026-07-15 10:00:00.000250', 'UTC')! - Date.parse('2026-07-15T10:00:00Z')).toBeCloseTo(0.25, 6);
    expect(timestampMs('not a date', 'UTC')).toBeUndefined();
  });

  it('compares a rowversion as an unsigned 8-byte number and an id as an integer', () => {
    expect(comparableOf('rowversion', Buffer.from('00000000000007d1', 'hex'), 'UTC')).toBe(2001n);
    expect(comparableOf('rowversion', '0xFFFFFFFFFFFFFFFF', 'UTC')).toBe(18446744073709551615n);
    expect(comparableOf('integer', 42, 'UTC')).toBe(42n);
    expect(comparableOf('integer', '9007199254740993', 'UTC')).toBe(9007199254740993n);
    expect(comparableOf('integer', 'x1', 'UTC')).toBeUndefined();
    expect(comparableOf('integer', null, 'UTC')).toBeUndefined();
  });

  it('dates a withdrawal in the school’s zone', () => {
    expect(dateIn(new Date('2026-03-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-02');
    expect(dateIn(new Date('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
  });
});

describe('withdrawal fields come from the model', () => {
  it('finds an end date and a leaving status where the entity has them', () => {
    expect(withdrawalFields(contract.entity('students'), { policy: 'withdraw' })).toEqual({ dateField: null, statusField: 'enrollmentStatus', statusValue: 'withdrawn' });
    const enrollment = withdrawalFields(contract.entity('enrollments'), { policy: 'withdraw' });
    expect(enrollment).toEqual({ dateField: 'endDate', statusField: 'status', statusValue: 'dropped' });
    expect(withdrawalSet(enrollment, '2026-03-02')).toEqual({ endDate: '2026-03-02', status: 'dropped' });
    expect(withdrawalFields(contract.entity('class-teachers'), { policy: 'withdraw' })).toMatchObject({ dateField: 'endDate' });
  });

  it('refuses an entity with nowhere to record it, or a field the model does not have', () => {
    expect(() => withdrawalFields(contract.entity('guardians'), { policy: 'withdraw' })).toThrow(expect.objectContaining({ code: 'SYNC_INVALID' }));
    expect(() => withdrawalFields(contract.entity('students'), { policy: 'withdraw', statusField: 'enrollmentStatus', statusValue: 'expelled' })).toThrow(expect.objectContaining({ code: 'SYNC_INVALID' }));
  });
});

describe('the change gate', () => {
  const facts = (counts: Record<string, number>, dependents: Record<string, number> = {}) => ({
    acknowledgedCount: (e: string) => counts[e] ?? 0,
    dependentsOfRemoved: (e: string, dep: string, field: string, other: string | null) => dependents[`${e}>${dep}.${field}${other ? `>${other}` : ''}`] ?? 0,
  });
  const gate = { default: { deletes: 0.05, updates: 0.2, inserts: null } };

  it('lets through changes at or under the thresholds', () => {
    expect(evaluateGate(gate, [change('students', { deletes: 5, updates: 20, inserts: 500 })], new Map(), contract, facts({ students: 100 }))).toBeNull();
  });

  it('holds above a threshold and says it in plain words, with what depends on the removed records', () => {
    const hold = evaluateGate(gate, [change('students', { deletes: 42 }), change('staff', { deletes: 4 })], new Map([['students', 42]]), contract, facts({ students: 400, staff: 40 }, { 'staff>class-teachers.staffExternalId>classExternalId': 3, 'students>enrollments.studentExternalId': 120 }));
    expect(hold).not.toBeNull();
    expect(hold!.categories.map((c) => c.category)).toEqual(['students.deletes', 'staff.deletes']);
    expect(hold!.summary).toContain('42 students would be withdrawn');
    expect(hold!.summary).toContain('4 staff members would be deleted');
    expect(hold!.summary).toContain('3 classes would lose their teacher');
    expect(hold!.summary).toContain('120 enrollments refer to students that would be removed');
    expect(hold!.reason).toContain('students.deletes is 10.5 % of 400 (threshold 5 %)');
  });

  it('follows per-entity thresholds, and never holds an entity the target holds nothing of yet', () => {
    const own = { ...gate, entities: { students: { updates: 0.5 } } };
    expect(evaluateGate(own, [change('students', { updates: 30 })], new Map(), contract, facts({ students: 100 }))).toBeNull();
    expect(evaluateGate(gate, [change('students', { updates: 30 })], new Map(), contract, facts({ students: 100 }))!.summary).toBe('30 students would be changed.');
    expect(evaluateGate(gate, [change('grades', { inserts: 1000, updates: 5 })], new Map(), contract, facts({}))).toBeNull();
  });
});
