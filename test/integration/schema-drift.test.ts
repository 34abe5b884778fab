import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { demoLegacyFileFor } from '../../src/main/engine/demo/demo-project';
import { tempDir } from '../support/temp-dir';

describe('schema drift between discoveries', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('says what changed in the source and which mappings it affects', async () => {
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    try {
      const info = await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 });
      const [conn] = await engine.api.connections.list();
      const first = await engine.api.connections.discover({ id: conn.id });
      expect(first.drift).toBeUndefined();

      const legacy = new Database(demoLegacyFileFor(info.path));
      legacy.exec('ALTER TABLE PUPILS DROP COLUMN SEX; ALTER TABLE PUPILS ADD COLUMN GENDER_CODE TEXT; CREATE TABLE NEW_TABLE (x INTEGER); DROP TABLE PAYMENTS;');
      legacy.close();

      const second = await engine.api.connections.discover({ id: conn.id });
      expect(second.drift).toMatchObject({ previousAt: first.discoveredAt, addedStreams: ['NEW_TABLE'], removedStreams: ['PAYMENTS'] });
      expect(second.drift!.changedStreams).toEqual([{ stream: 'PUPILS', addedColumns: ['GENDER_CODE'], removedColumns: ['SEX'], retypedColumns: [] }]);
      const affected = second.drift!.affectedMappings;
      // The payments mapping reads the dropped table; the students one the dropped column.
      expect(affected.map((a) => a.entity)).toEqual(['payments', 'students']);
      const students = affected.find((a) => a.entity === 'students')!;
      expect(students.columns).toEqual(['SEX']);
      expect(students.reason).toMatch(/removed: SEX/);

      const third = await engine.api.connections.discover({ id: conn.id });
      expect(third.drift).toBeUndefined();
    } finally {
      await engine.dispose();
    }
  });
});
