import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteConnector } from '../../src/main/engine/connectors/sqlite/sqlite-connector';
import { generateLegacySchool } from '../../src/main/engine/demo/generate-legacy-school';
import { openSqlite } from '../../src/platform/open-sqlite';
import { DEMO_KEY, DEMO_RENAMES, renamedDemoKey } from '../support/suggest-answer-keys';
import { precision, printPrecision, suggestFor } from '../support/suggest-precision';
import { tempDir } from '../support/temp-dir';

// Precision of the mapping suggestions on the demo school, and on a copy whose columns are
// renamed with words the dictionary does not hold (the generalisation check). Answer keys:
// test/support/suggest-answer-keys.ts, committed before the algorithm.
describe('suggestion precision on the demo school', () => {
  const dir = tempDir('apstudio-suggest-demo-');
  const file = join(dir.path, 'legacy.sqlite');
  const renamed = join(dir.path, 'renamed.sqlite');

  beforeAll(async () => {
    await generateLegacySchool({ file, pupils: 150 });
    await generateLegacySchool({ file: renamed, pupils: 150 });
    const db = openSqlite(renamed);
    for (const [table, columns] of Object.entries(DEMO_RENAMES)) {
      for (const [from, to] of Object.entries(columns)) db.exec(`ALTER TABLE "${table}" RENAME COLUMN "${from}" TO "${to}"`);
    }
    db.close();
  });

  afterAll(() => dir.cleanup());

  it('finds the demo\'s entities and fields: top-1 at least 0.8', async () => {
    const connector = new SqliteConnector(file);
    try {
      const p = precision(DEMO_KEY, await suggestFor(connector));
      printPrecision(p);
      expect(p.top1).toBeGreaterThanOrEqual(0.8);
      expect(p.top3).toBeGreaterThanOrEqual(p.top1);
    } finally {
      await connector.close();
    }
  });

  it('generalises to columns renamed with words outside the dictionary: top-1 at least 0.8', async () => {
    const connector = new SqliteConnector(renamed);
    try {
      const p = precision(renamedDemoKey(), await suggestFor(connector));
      printPrecision(p);
      expect(p.top1).toBeGreaterThanOrEqual(0.8);
    } finally {
      await connector.close();
    }
  });
});
