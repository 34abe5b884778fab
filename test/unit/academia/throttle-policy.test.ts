import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { migrateSandboxSchema } from '../../../src/sandbox/sandbox-schema';
import { ThrottlePolicy } from '../../../src/sandbox/throttle-policy';

function policy() {
  const db = openSqlite(':memory:');
  migrateSandboxSchema(db);
  return { db, p: new ThrottlePolicy(db, { perMinute: 120, perHour: 5000 }) };
}

const T = Date.parse('2024-09-01T08:00:00Z');

describe('ThrottlePolicy', () => {
  it('gives anonymous callers and clients without a rule the default', () => {
    const { p } = policy();
    expect(p.limitsFor(null, T)).toMatchObject({ perMinute: 120, perHour: 5000, source: 'default' });
    expect(p.limitsFor('someone', T).windows).toEqual([
      { limit: 120, windowMs: 60_000 },
      { limit: 5000, windowMs: 3_600_000 },
    ]);
  });

  it('applies a client rule, and an exception only inside its window (the most generous wins)', () => {
    const { p } = policy();
    const rule = p.addRule('migrator', 300, 9000, 'the studio');
    p.addException({ clientId: 'migrator', perMinute: 1200, perHour: 60_000, startsAt: T + 3_600_000, endsAt: T + 7_200_000, reason: 'cut-over night' }, T);
    p.addException({ clientId: 'migrator', perMinute: 600, perHour: 30_000, startsAt: T + 3_600_000, endsAt: T + 4_000_000, reason: null }, T);
    expect(p.limitsFor('migrator', T)).toMatchObject({ perMinute: 300, source: rule.id });
    expect(p.limitsFor('migrator', T + 3_600_000)).toMatchObject({ perMinute: 1200, perHour: 60_000 });
    expect(p.limitsFor('migrator', T + 7_200_000)).toMatchObject({ perMinute: 300 });
    expect(p.limitsFor('someone-else', T + 3_600_000)).toMatchObject({ perMinute: 120 });
  });

  it('keeps client rules and exceptions in the data file, the default only in memory', () => {
    const { db, p } = policy();
    p.addRule('a', 10, 100, null);
    p.addException({ clientId: 'a', perMinute: 50, perHour: 500, startsAt: T, endsAt: T + 1000, reason: 'x' }, T);
    p.changeRule('default', 1, 2, 'tight');
    const again = new ThrottlePolicy(db, { perMinute: 120, perHour: 5000 });
    expect(again.listRules().map((r) => [r.id === 'default' ? 'default' : r.clientId, r.perMinute])).toEqual([
      ['default', 120],
      ['a', 10],
    ]);
    expect(again.listExceptions()).toHaveLength(1);
    expect(again.removeException(again.listExceptions()[0].id)).toBe(true);
    expect(again.removeRule(again.ruleForClient('a')?.id as string)).toBe(true);
    expect(new ThrottlePolicy(db, { perMinute: 1, perHour: 1 }).listRules()).toHaveLength(1);
  });
});
