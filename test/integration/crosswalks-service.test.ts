import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { dispatch } from '../../src/main/engine/rpc/dispatch';
import { tempDir } from '../support/temp-dir';

/** Named crosswalks through the engine's services: validated requests, typed errors, an audit entry per change. */
describe('mappings.crosswalks / crosswalk / putCrosswalk', () => {
  const dir = tempDir();
  let engine: Engine;
  let clock = Date.parse('2026-01-01T00:00:00.000Z');

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config'), now: () => new Date((clock += 1000)) });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
  });
  afterAll(async () => {
    await engine.api.projects.close();
    dir.cleanup();
  });

  it('creates, lists, reads and replaces a crosswalk, and audits each change without its codes', async () => {
    expect(await engine.api.mappings.crosswalks()).toEqual([]);
    const made = await engine.api.mappings.putCrosswalk({ name: 'students.gender', table: { M: 'male', F: 'female', '': 'unknown' }, description: 'Legacy SEX codes' });
    expect(made).toMatchObject({ name: 'students.gender', table: { M: 'male', F: 'female', '': 'unknown' }, description: 'Legacy SEX codes' });
    expect(await engine.api.mappings.crosswalk({ name: 'students.gender' })).toEqual(made);
    const replaced = await engine.api.mappings.putCrosswalk({ name: 'students.gender', table: { M: 'male' } });
    expect(replaced.description).toBe('Legacy SEX codes');
    expect(await engine.api.mappings.crosswalks()).toEqual([replaced]);
    const audit = await engine.api.audit.list({ action: 'crosswalk.put' });
    expect(audit.map((a) => a.summary).sort()).toEqual(['Created the crosswalk students.gender (3 codes).', 'Replaced the crosswalk students.gender (1 code, was 3).']);
    for (const a of audit) expect(a.summary).not.toContain('male');
  });

  it('refuses an unknown name and malformed crosswalks with typed errors', async () => {
    await expect(engine.api.mappings.crosswalk({ name: 'nope' })).rejects.toMatchObject({ code: 'CROSSWALK_NOT_FOUND' });
    // At the edge, the request schema refuses them; behind it, the repository refuses them too.
    const call = (params: unknown) => dispatch(engine.api, { kind: 'call', id: 1, service: 'mappings', method: 'putCrosswalk', params });
    expect(await call({ name: '  ', table: {} })).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    expect(await call({ name: 'x', table: { M: 1 } })).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST', message: expect.stringContaining('table.M') } });
    expect(await call({ name: 'x', table: {}, extra: true })).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    await expect(engine.api.mappings.putCrosswalk({ name: '  ', table: {} })).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
    await expect(engine.api.mappings.putCrosswalk({ name: 'x', table: { M: 1 } as unknown as Record<string, string> })).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
    expect((await engine.api.mappings.crosswalks()).map((c) => c.name)).toEqual(['students.gender']);
  });
});
