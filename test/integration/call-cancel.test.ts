import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { tempDir } from '../support/temp-dir';

/**
 * The real services honour a cancelled call (the signal the engine's edge hands them): they stop
 * with CANCELLED before saving a catalog or writing an audit entry. A signal that fires while the
 * source is being read is the same signal, looked at by the same checks.
 */
describe('cancelling a call: the real services', () => {
  const dir = tempDir();
  let engine: Engine;
  let connectionId: string;
  const aborted = () => ({ signal: AbortSignal.abort() });

  beforeAll(async () => {
    const legacy = join(dir.path, 'legacy.sqlite');
    const db = new Database(legacy);
    db.exec("CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, FORENAME TEXT, SURNAME TEXT); INSERT INTO PUPILS VALUES (1, 'Amelia', 'Hughes'), (2, 'Oliver', 'Khan');");
    db.close();
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Cancel' });
    ({ id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacy}` }));
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('connections.discover stops before saving the catalog or auditing', async () => {
    const auditBefore = (await engine.api.audit.list({})).length;
    await expect(engine.api.connections.discover({ id: connectionId }, aborted())).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await engine.api.connections.catalog({ id: connectionId })).toBeNull();
    expect((await engine.api.audit.list({})).length).toBe(auditBefore);
    // Not cancelled, the same call works.
    expect((await engine.api.connections.discover({ id: connectionId })).streams.map((s) => s.name)).toContain('PUPILS');
  });

  it('connections.preview, mappings.preview and mappings.suggest answer CANCELLED', async () => {
    await expect(engine.api.connections.preview({ id: connectionId, stream: 'PUPILS' }, aborted())).rejects.toMatchObject({ code: 'CANCELLED' });
    const mapping = { entity: 'students', connectionId, stream: 'PUPILS', keyColumns: ['PUPIL_NO'], fields: [{ field: 'firstName', column: 'FORENAME', transforms: [] }, { field: 'lastName', column: 'SURNAME', transforms: [] }] };
    await expect(engine.api.mappings.preview({ mapping, limit: 5 }, aborted())).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(engine.api.mappings.suggest({ connectionId }, aborted())).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await engine.api.mappings.preview({ mapping, limit: 5 })).rows.length).toBe(2);
  });
});
