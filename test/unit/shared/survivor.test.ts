import { describe, expect, it } from 'vitest';
import { fillBlanks, mergePair, rankBySurvivorRule, type PairRecord } from '../../../src/shared/model/survivor';

const record = (key: string, values: Record<string, unknown>, facts: PairRecord['facts']): PairRecord => ({ key, values, facts });

describe('the shared survivor rule', () => {
  const older = record('P1', { id: 'P1', name: 'Kate', form: '7B', phone: '' }, { filled: 3, updated: '2024-01-01' });
  const newer = record('P2', { id: 'P2', name: 'Katherine', form: null, phone: '0770', email: 'k@x.org' }, { filled: 4, updated: '2025-01-01' });

  it('keeps the most complete, the most recent or the left record, and fills its blanks from the other', () => {
    expect(mergePair('most-complete', older, newer)).toEqual({
      survivor: 'right',
      record: { id: 'P2', name: 'Katherine', form: '7B', phone: '0770', email: 'k@x.org' },
      from: { id: 'right', name: 'right', form: 'left', phone: 'right', email: 'right' },
    });
    expect(mergePair('most-recent', older, newer).survivor).toBe('right');
    const left = mergePair('keep-left', older, newer);
    expect(left.survivor).toBe('left');
    expect(left.record).toEqual({ id: 'P1', name: 'Kate', form: '7B', phone: '0770', email: 'k@x.org' });
    expect(left.from).toMatchObject({ form: 'left', phone: 'right', email: 'right' });
  });

  it('breaks ties on the smallest key, whichever side it is on, and reports fields blank on both sides', () => {
    const a = record('B', { x: '', y: 'b' }, { filled: 1 });
    const b = record('A', { x: null, y: 'a' }, { filled: 1 });
    const merged = mergePair('most-complete', a, b);
    expect(merged.survivor).toBe('right');
    expect(merged.from).toEqual({ x: null, y: 'right' });
  });

  it('ranks by the other fact when the first ties, and never takes an externalId from a donor', () => {
    const ranked = rankBySurvivorRule(
      [
        { id: 'c', facts: { filled: 2, updated: '2024' } },
        { id: 'a', facts: { filled: 2, updated: '2025' } },
        { id: 'b', facts: { filled: 3 } },
      ],
      'most-complete',
    );
    expect(ranked.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(fillBlanks({ externalId: '', name: '' }, [{ externalId: 'X', name: 'N' }])).toMatchObject({ record: { externalId: '', name: 'N' }, filled: 1 });
  });
});
