import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { generateLegacySchool } from '../../src/main/engine/demo/generate-legacy-school';
import { tempDir } from '../support/temp-dir';

/** mappings.suggest as the studio's windows will call it: for a connection of the open project. */
describe('mappings.suggest', () => {
  const dir = tempDir();
  let engine: Engine;
  let connectionId: string;

  beforeAll(async () => {
    const legacy = join(dir.path, 'legacy.sqlite');
    await generateLegacySchool({ file: legacy, pupils: 60, seed: 5 });
    // The command line's host: the caller chose the file (the web host would need it picked first).
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Suggest' });
    ({ id: connectionId } = await engine.api.connections.add({ name: 'Legacy SIS', location: legacy }));
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('suggests entities and fields for the connection, and saves nothing', async () => {
    const before = await engine.api.mappings.list();
    const result = await engine.api.mappings.suggest({ connectionId });
    const students = result.entities.find((e) => e.entity === 'students');
    expect(students).toMatchObject({ table: 'PUPILS', keyColumns: ['PUPIL_NO'] });
    expect(students!.fields.find((f) => f.field === 'gender')).toMatchObject({ column: 'SEX', required: true });
    expect(result.recognition.find((r) => r.stream === 'PUPILS')).toMatchObject({ entity: 'students', kind: 'person' });
    expect(await engine.api.mappings.list()).toEqual(before);
  });

  it('answers an unknown connection with a typed error', async () => {
    await expect(engine.api.mappings.suggest({ connectionId: 'nope' })).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND/) });
  });
});
