import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../../src/shared/model/connection';
import type { Row } from '../../../../src/main/engine/connectors/connector';
import { type PhysicalTable, orderedScan } from '../../../../src/main/engine/connectors/scan/ordered-scan';
import { compareDecimalText, compareValues } from '../../../../src/main/engine/connectors/scan/value-compare';

/** An in-memory table that records how much of it was read, to prove reads are lazy. */
function memoryTable(rows: Row[]) {
  const stats = { scans: 0, chunksServed: 0, closed: 0 };
  const table: PhysicalTable = {
    async *scan(columns, chunkRows) {
      stats.scans++;
      try {
        for (let i = 0; i < rows.length; i += chunkRows) {
          stats.chunksServed++;
          yield rows.slice(i, i + chunkRows).map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
        }
      } finally {
        stats.closed++;
      }
    },
  };
  return { table, stats };
}

const types = new Map<string, ColumnType>([
  ['id', 'integer'],
  ['name', 'string'],
  ['amount', 'decimal'],
  ['changed', 'datetime'],
]);

async function collect(iterable: AsyncIterable<Row[]>): Promise<Row[][]> {
  const batches: Row[][] = [];
  for await (const b of iterable) batches.push(b);
  return batches;
}

describe('orderedScan', () => {
  const rows: Row[] = [
    { id: 3, name: 'c', amount: '10.5', changed: '2024-01-02T00:00:00' },
    { id: 1, name: 'a', amount: '9.99', changed: '2024-01-01T00:00:00' },
    { id: 5, name: 'e', amount: '-1', changed: null },
    { id: 2, name: 'b', amount: '10.50', changed: '2024-01-02T00:00:00' },
    { id: 4, name: 'd', amount: '100', changed: '2024-01-03T00:00:00' },
  ];

  it('reads in file order in batches of exactly batchSize when no order is asked', async () => {
    const { table } = memoryTable(rows);
    const batches = await collect(orderedScan(table, { columns: ['id'], orderBy: [], batchSize: 2, types, windowRows: 100 }));
    expect(batches.map((b) => b.map((r) => r.id))).toEqual([[3, 1], [5, 2], [4]]);
  });

  it('sorts by key, and gives the same answer whether one window or many are needed', async () => {
    for (const windowRows of [100, 2, 1]) {
      const { table, stats } = memoryTable(rows);
      const batches = await collect(orderedScan(table, { columns: ['id', 'name'], orderBy: ['id'], batchSize: 2, types, windowRows }));
      expect(batches.flat()).toEqual([1, 2, 3, 4, 5].map((id) => ({ id, name: 'abcde'[id - 1] })));
      // One pass for the keys, then one gathering pass per window.
      expect(stats.scans).toBe(1 + Math.ceil(5 / Math.max(2, windowRows)));
    }
  });

  it('streams in one more pass when the file is already in key order', async () => {
    const sorted = [...rows].sort((a, b) => Number(a.id) - Number(b.id));
    const { table, stats } = memoryTable(sorted);
    const batches = await collect(orderedScan(table, { columns: ['id'], orderBy: ['id'], batchSize: 10, types, windowRows: 1 }));
    expect(batches.flat().map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(stats.scans).toBe(2);
  });

  it('compares decimals exactly, not as text or floating point', async () => {
    const { table } = memoryTable(rows);
    const batches = await collect(orderedScan(table, { columns: ['amount', 'id'], orderBy: ['amount', 'id'], batchSize: 10, types, windowRows: 10 }));
    // 10.50 (id 2) equals 10.5 (id 3): the tie goes to the next order column.
    expect(batches.flat().map((r) => r.amount)).toEqual(['-1', '9.99', '10.50', '10.5', '100']);
  });

  it('reads rows strictly after the cursor, ordered by (cursor, key), skipping NULL cursor values', async () => {
    const { table } = memoryTable(rows);
    const batches = await collect(orderedScan(table, { columns: ['id'], orderBy: ['id'], cursor: { column: 'changed', after: '2024-01-01T00:00:00' }, batchSize: 10, types, windowRows: 10 }));
    // id 2 and 3 share a cursor value: they come together, by key.
    expect(batches.flat().map((r) => r.id)).toEqual([2, 3, 4]);
  });

  it('pulls from the table only as the consumer asks (back-pressure) and releases it on break', async () => {
    const many: Row[] = Array.from({ length: 10_000 }, (_, i) => ({ id: i, name: `n${i}` }));
    const { table, stats } = memoryTable(many);
    let seen = 0;
    for await (const batch of orderedScan(table, { columns: ['id'], orderBy: [], batchSize: 10, types, windowRows: 10 })) {
      seen += batch.length;
      if (seen >= 30) break;
    }
    expect(stats.chunksServed).toBe(1);
    expect(stats.closed).toBe(1);
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    const many: Row[] = Array.from({ length: 5_000 }, (_, i) => ({ id: i }));
    const { table } = memoryTable(many);
    const controller = new AbortController();
    const read = async () => {
      for await (const _batch of orderedScan(table, { columns: ['id'], orderBy: [], batchSize: 100, signal: controller.signal, types, windowRows: 10 })) {
        controller.abort();
      }
    };
    await expect(read()).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('compareValues', () => {
  it('puts NULL first and compares integers beyond 2^53 exactly', () => {
    expect(compareValues('integer', null, 1)).toBe(-1);
    expect(compareValues('integer', '9007199254740993', '9007199254740992')).toBe(1);
    expect(compareValues('integer', 10, '9')).toBe(1);
  });

  it('compares decimal text by value', () => {
    expect(compareDecimalText('-0.50', '-0.5')).toBe(0);
    expect(compareDecimalText('10.1', '9.99')).toBe(1);
    expect(compareDecimalText('-2', '-10')).toBe(1);
    expect(compareDecimalText('-0.00', '0')).toBe(0);
    expect(compareDecimalText('abc', '1')).toBeNull();
  });

  it('compares binary byte by byte and booleans false before true', () => {
    expect(compareValues('binary', Buffer.from([1, 2]), Buffer.from([1, 3]))).toBe(-1);
    expect(compareValues('boolean', true, false)).toBe(1);
  });
});
