import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildPersonCrosswalk, MATCH_REVIEW_DDL, type MatchDecision, type RecordFacts } from '../../../../src/main/engine/assessment/matching/crosswalk';

const p = (key: string, table = 'PUPILS') => ({ table, key });
const facts: Record<string, RecordFacts> = {
  'PUPILS:001': { updated: '2024-09-04 08:00:00', filled: 18 },
  'PUPILS:002': { updated: '2025-01-10 09:30:00', filled: 12 },
  'PUPILS:003': { updated: '2024-11-01 10:00:00', filled: 18 },
  'PUPILS:010': { updated: '2025-02-01 10:00:00', filled: 9 },
  'PUPILS:011': { updated: '2025-02-01 10:00:00', filled: 9 },
};
const factsOf = (r: { table: string; key: string }) => facts[`${r.table}:${r.key}`];
const same = (a: string, b: string, survivor: MatchDecision['survivor'], at = '2025-03-01T10:00:00Z'): MatchDecision => ({ records: [p(a), p(b)], decision: 'same', survivor, decidedAt: at });

describe('buildPersonCrosswalk', () => {
  it.each([
    ['most-recent', '002'],
    ['most-complete', '001'],
    ['keep-left', '002'],
  ] as const)('survivor rule %s', (rule, survivor) => {
    const { entries, conflicts } = buildPersonCrosswalk([same('002', '001', rule)], factsOf);
    expect(conflicts).toEqual([]);
    expect(entries).toEqual([
      { table: 'PUPILS', key: '001', survivorTable: 'PUPILS', survivorKey: survivor, cluster: 'PUPILS:001', rule },
      { table: 'PUPILS', key: '002', survivorTable: 'PUPILS', survivorKey: survivor, cluster: 'PUPILS:001', rule },
    ]);
  });

  it('breaks ties the same way every time: most complete, then most recent, then the smallest key', () => {
    // 001 and 003 are equally complete; 003 is more recent.
    expect(buildPersonCrosswalk([same('001', '003', 'most-complete')], factsOf).entries[0].survivorKey).toBe('003');
    // 010 and 011 tie on everything.
    expect(buildPersonCrosswalk([same('011', '010', 'most-recent')], factsOf).entries[0].survivorKey).toBe('010');
    expect(buildPersonCrosswalk([same('011', '010', 'most-recent')]).entries[0].survivorKey).toBe('010');
  });

  it('uses the record a reviewer chose, and reports a choice outside the cluster', () => {
    expect(buildPersonCrosswalk([same('001', '002', { record: p('002') })], factsOf).entries.map((e) => [e.survivorKey, e.rule])).toEqual([
      ['002', 'chosen'],
      ['002', 'chosen'],
    ]);
    const wrong = buildPersonCrosswalk([same('001', '002', { record: p('999') })], factsOf);
    expect(wrong.entries[0]).toMatchObject({ survivorKey: '001', rule: 'most-complete' });
    expect(wrong.conflicts[0].reason).toMatch(/PUPILS:999 is not in the cluster/);
  });

  it('chains pairs into clusters across tables, and takes the rule of the latest decision', () => {
    const decisions: MatchDecision[] = [
      same('001', '002', 'most-complete', '2025-03-01T10:00:00Z'),
      { records: [p('002'), p('7', 'CONTACTS')], decision: 'same', survivor: 'keep-left', decidedAt: '2025-03-02T10:00:00Z' },
    ];
    const { entries } = buildPersonCrosswalk(decisions, factsOf);
    expect(entries.map((e) => `${e.table}:${e.key}→${e.survivorTable}:${e.survivorKey}`)).toEqual(['CONTACTS:7→PUPILS:002', 'PUPILS:001→PUPILS:002', 'PUPILS:002→PUPILS:002']);
    expect(new Set(entries.map((e) => e.cluster))).toEqual(new Set(['CONTACTS:7']));
  });

  it('lets a later decision on a pair replace an earlier one, and never merges records marked different', () => {
    const undone = buildPersonCrosswalk([same('001', '002', 'most-recent', '2025-03-01T10:00:00Z'), { records: [p('001'), p('002')], decision: 'different', decidedAt: '2025-03-05T10:00:00Z' }], factsOf);
    expect(undone.entries).toEqual([]);

    const blocked = buildPersonCrosswalk(
      [
        { records: [p('001'), p('003')], decision: 'different', decidedAt: '2025-03-01T09:00:00Z' },
        same('001', '002', 'most-recent', '2025-03-01T10:00:00Z'),
        same('002', '003', 'most-recent', '2025-03-01T11:00:00Z'),
      ],
      factsOf,
    );
    expect(blocked.entries.map((e) => e.key)).toEqual(['001', '002']);
    expect(blocked.conflicts).toHaveLength(1);
    expect(blocked.conflicts[0].reason).toMatch(/PUPILS:002 and PUPILS:003 cannot be the same person/);
  });

  it('takes a decision on a whole cluster at once, and gives the same result whatever the order of the array', () => {
    const decisions: MatchDecision[] = [
      { records: [p('001'), p('002'), p('003')], decision: 'same', survivor: 'most-recent', decidedAt: '2025-03-01T10:00:00Z' },
      { records: [p('010'), p('011')], decision: 'same', survivor: 'keep-left', decidedAt: '2025-03-01T10:00:00Z' },
    ];
    const a = buildPersonCrosswalk(decisions, factsOf);
    const b = buildPersonCrosswalk([...decisions].reverse(), factsOf);
    expect(a).toEqual(b);
    expect(a.entries.map((e) => `${e.key}→${e.survivorKey}`)).toEqual(['001→002', '002→002', '003→002', '010→010', '011→010']);
  });
});

describe('MATCH_REVIEW_DDL', () => {
  it('creates the two tables in a project file next to connections', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE connections (id TEXT PRIMARY KEY)');
    db.exec(MATCH_REVIEW_DDL);
    db.prepare("INSERT INTO connections VALUES ('c1')").run();
    db.prepare("INSERT INTO match_decisions (connection_id, batch_id, left_table, left_key, right_table, right_key, decision, survivor_rule, decided_at) VALUES ('c1', 'b1', 'PUPILS', '001', 'PUPILS', '002', 'same', 'most-recent', '2025-03-01T10:00:00Z')").run();
    expect(() => db.prepare("INSERT INTO match_decisions (connection_id, batch_id, left_table, left_key, right_table, right_key, decision, decided_at) VALUES ('c1', 'b1', 'PUPILS', '001', 'PUPILS', '002', 'maybe', 'x')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO person_crosswalk VALUES ('c1', 'PUPILS', '001', 'PUPILS', '002', 'PUPILS:001', 'most-recent', '2025-03-01T10:00:00Z')").run();
    expect(() => db.prepare("INSERT INTO person_crosswalk VALUES ('c1', 'PUPILS', '001', 'PUPILS', '003', 'PUPILS:001', 'most-recent', 'x')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
