import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_ALLOWANCE_MS, readBackRunIds } from '../../../src/main/engine/pipeline/target-ids';
import type { ListOptions, ListPage } from '../../../src/main/engine/academia/academia-client';

/** A target's list of one entity in insertion order, with updatedAt on the target's clock; it records every request. */
function targetList(records: { externalId: string; updatedAt: number }[]) {
  const calls: ListOptions[] = [];
  return {
    calls,
    async list(_entity: string, options: ListOptions = {}): Promise<ListPage> {
      calls.push(options);
      const since = options.updatedSince ? Date.parse(options.updatedSince) : -Infinity;
      const matching = records.filter((r) => r.updatedAt >= since);
      const start = options.cursor ? Number(options.cursor) : 0;
      const limit = options.limit ?? 100;
      const data = matching.slice(start, start + limit).map((r) => ({ externalId: r.externalId, updatedAt: new Date(r.updatedAt).toISOString() }));
      return { data: data as unknown as ListPage['data'], nextCursor: start + limit < matching.length ? String(start + limit) : null, total: matching.length };
    },
  };
}

const T0 = Date.parse('2026-03-01T09:00:00Z');
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const held = (list: string[], at: number) => list.map((externalId) => ({ externalId, updatedAt: at }));

describe('reconciliation reads back only the run’s records', () => {
  it('reads the records changed since the run wrote, not an entity a run changed a little', async () => {
    const old = ids('OLD', 10_000);
    const mine = ids('NEW', 250);
    const target = targetList([...held(old, T0 - 86_400_000), ...held(mine, T0 + 1000)]);
    const answer = await readBackRunIds(target, 'students', { acknowledged: mine, firstWrittenAt: new Date(T0).toISOString() }, 100);
    expect(answer).toEqual({ target: 10_250, missing: [], requests: 4 });
    expect(target.calls[0]).toEqual({ limit: 1 });
    // The window starts the skew allowance before the first write, in the pages it was asked for.
    expect(target.calls.slice(1).map((c) => [c.updatedSince, c.limit])).toEqual(Array(3).fill([new Date(T0 - CLOCK_SKEW_ALLOWANCE_MS).toISOString(), 100]));
  });

  it('names the acknowledged records the target no longer holds', async () => {
    const mine = ids('NEW', 30);
    const target = targetList(held(mine.filter((id) => id !== 'NEW7' && id !== 'NEW20'), T0 + 1000));
    const answer = await readBackRunIds(target, 'students', { acknowledged: mine, firstWrittenAt: new Date(T0).toISOString() }, 1000);
    expect(answer.missing.sort()).toEqual(['NEW20', 'NEW7']);
    // The window held the whole entity, so nothing was read twice.
    expect(answer).toMatchObject({ target: 28, requests: 2 });
  });

  it('goes on to the whole entity for records the target left unchanged, stopping once all are found', async () => {
    const unchanged = ids('KEPT', 50);
    const written = ids('NEW', 5);
    const after = ids('LATER', 500);
    const target = targetList([...held(unchanged, T0 - 86_400_000), ...held(written, T0 + 1000), ...held(after, T0 - 86_400_000)]);
    const answer = await readBackRunIds(target, 'students', { acknowledged: [...unchanged, ...written], firstWrittenAt: new Date(T0).toISOString() }, 50);
    expect(answer).toEqual({ target: 555, missing: [], requests: 3 });
    expect(target.calls.map((c) => c.updatedSince === undefined)).toEqual([true, false, true]);
  });

  it('gives the same answer when the target’s clock lags further than allowed', async () => {
    const mine = ids('NEW', 120);
    const lagging = T0 - CLOCK_SKEW_ALLOWANCE_MS - 60_000;
    const target = targetList([...held(ids('OLD', 300), lagging - 86_400_000), ...held(mine, lagging)]);
    const answer = await readBackRunIds(target, 'students', { acknowledged: mine, firstWrittenAt: new Date(T0).toISOString() }, 100);
    expect(answer.missing).toEqual([]);
    expect(answer.target).toBe(420);
  });

  it('asks only for the count when the run has nothing acknowledged (a dry run)', async () => {
    const target = targetList(held(ids('OLD', 3000), T0));
    expect(await readBackRunIds(target, 'students', { acknowledged: [], firstWrittenAt: null }, 1000)).toEqual({ target: 3000, missing: [], requests: 1 });
  });
});
