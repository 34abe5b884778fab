import { afterAll, describe, expect, it } from 'vitest';
import { assessSource, type AssessOptions } from '../../../src/main/engine/assessment/assess-source';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { SqliteConnector } from '../../../src/main/engine/connectors/sqlite/sqlite-connector';
import type { AssessmentResult, Finding } from '../../../src/shared/model/assessment';
import { ORPHANS_MANIFEST, writeOrphansFixture } from '../../support/detector-fixtures';
import { tempDir } from '../../support/temp-dir';

// Issue 16's patterns, each planted in its own small source (test/support/detector-fixtures.ts)
// with its exact counts in a manifest written before the detector.
const dir = tempDir('apstudio-patterns-');
afterAll(() => dir.cleanup());

async function assess(connector: SourceConnector, opts: Partial<AssessOptions> = {}): Promise<AssessmentResult> {
  try {
    return await assessSource(connector, { sourceLabel: 'pattern fixture', now: () => new Date('2025-10-15T09:00:00Z'), ...opts });
  } finally {
    await connector.close();
  }
}

const on = (result: AssessmentResult, table: string, column: string | null) => result.findings.filter((f) => f.table === table && f.column === column);
const find = (result: AssessmentResult, code: string, table: string, column: string | null = null): Finding | undefined =>
  result.findings.find((f) => f.code === code && f.table === table && (column === null || f.column === column));

describe('1. orphans that hide themselves', () => {
  it('reports each link with its orphan rate, however high, and the whole links without one', async () => {
    const result = await assess(new SqliteConnector(writeOrphansFixture(dir.path)));
    for (const [at, expected] of Object.entries(ORPHANS_MANIFEST.orphans)) {
      const [table, column] = at.split('.');
      const [toTable, toColumn] = expected.to.split('.');
      const rel = result.relationships.find((r) => r.fromTable === table && r.fromColumns.join() === column);
      expect(rel, at).toMatchObject({ toTable, toColumns: [toColumn], orphans: expected.count, referencingRows: expected.referencing });
      const f = find(result, 'ORPHAN_REFERENCE', table, column);
      expect(f?.count, at).toBe(expected.count);
      expect(f?.message).toContain(`(${Math.round(expected.rate * 100)} %)`);
      expect((f?.fix?.payload as { orphanRate: number }).orphanRate).toBe(expected.rate);
    }
    for (const at of ORPHANS_MANIFEST.whole) {
      const [table, column] = at.split('.');
      expect(result.relationships.find((r) => r.fromTable === table && r.fromColumns.join() === column)?.orphans, at).toBe(0);
      expect(find(result, 'ORPHAN_REFERENCE', table, column), at).toBeUndefined();
    }
    expect(result.findings.filter((f) => f.code === 'ORPHAN_REFERENCE')).toHaveLength(Object.keys(ORPHANS_MANIFEST.orphans).length);
  });
});
