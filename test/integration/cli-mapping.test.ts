import { readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { demoLegacyFileFor, setupDemoProject } from '../../src/main/engine/demo/demo-project';
import { demoMappings } from '../../src/main/engine/demo/demo-mappings';
import { DEMO_SCHOOL_CODE } from '../../src/main/engine/demo/generate-legacy-school';
import { runCli } from '../../src/main/hosts/cli/cli';
import { createOutput } from '../../src/main/hosts/cli/output';
import type { EntityMapping } from '../../src/shared/model/mapping';
import { tempDir } from '../support/temp-dir';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; json: () => Record<string, unknown> }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sink = (into: string[]) => ({ write: (chunk: unknown) => (into.push(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await runCli(argv, createOutput(argv.includes('--json'), { stdout: sink(stdout), stderr: sink(stderr) }));
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), json: () => JSON.parse(stdout.join('')) as Record<string, unknown> };
}

/** What a mapping does, without where it reads from or when it was saved. */
const essence = ({ connectionId: _c, updatedAt: _u, specVersion: _s, ...rest }: EntityMapping) => rest;

/** `academia-studio mapping <project> list | show | export | import`, on the demo's mappings. */
describe('academia-studio mapping', () => {
  const dir = tempDir();
  const demo = join(dir.path, 'demo.apstudio');
  const other = join(dir.path, 'other.apstudio');
  const previousConfig = process.env.APSTUDIO_CONFIG_DIR;
  let otherConnection: string;

  beforeAll(async () => {
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
    (await setupDemoProject(demo, { app: 'test', now: new Date('2026-01-05T09:00:00Z'), pupils: 40 })).close();
    const engine = createHostEngine({ host: 'cli' });
    try {
      await engine.api.projects.create({ path: other, name: 'Another school' });
      ({ id: otherConnection } = await engine.api.connections.add({ name: 'Legacy copy', location: `sqlite:${demoLegacyFileFor(demo)}` }));
    } finally {
      await engine.dispose();
    }
  }, 60_000);
  afterAll(() => {
    if (previousConfig === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = previousConfig;
    dir.cleanup();
  });

  it('lists and shows the mappings with their versions', async () => {
    const list = await cli('mapping', demo, 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const rows = list.json().mappings as { id: string; entity: string; version: number; signedOff: string | null }[];
    expect(rows.map((r) => r.entity).sort()).toEqual(demoMappings('c', DEMO_SCHOOL_CODE).map((m) => m.entity).sort());
    expect(rows.every((r) => r.version === 1 && r.signedOff === null)).toBe(true);
    const id = rows.find((r) => r.entity === 'students')!.id;
    const show = await cli('mapping', demo, 'show', id, '--json');
    expect(show.json()).toMatchObject({ mapping: { id, entity: 'students', stream: 'PUPILS' }, history: { versions: [{ version: 1, action: 'create' }], signOff: null } });
    const human = await cli('mapping', demo, 'show', id);
    expect(human.stdout).toMatch(/PUPILS → students/);
    expect((await cli('mapping', demo, 'show', 'nope', '--json')).json()).toMatchObject({ error: { code: 'MAPPING_NOT_FOUND' } });
  });

  it('exports one or all mappings owner-only, never over an existing file without --overwrite', async () => {
    const one = join(dir.path, 'students.json');
    const id = ((await cli('mapping', demo, 'list', '--json')).json().mappings as { id: string; entity: string }[]).find((m) => m.entity === 'students')!.id;
    const res = await cli('mapping', demo, 'export', id, '--out', one, '--json');
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ mappings: [id] });
    expect(JSON.parse(readFileSync(one, 'utf8'))).toMatchObject({ format: 'academia-studio.mappings', formatVersion: 1, mappings: [{ id }] });
    if (process.platform !== 'win32') expect(statSync(one).mode & 0o777).toBe(0o600);

    const again = await cli('mapping', demo, 'export', id, '--out', one, '--json');
    expect(again.code).toBe(1);
    expect(again.json()).toMatchObject({ error: { code: 'FILE_EXISTS', hint: expect.stringContaining('--overwrite') } });
    expect((await cli('mapping', demo, 'export', id, '--out', one, '--overwrite')).code).toBe(0);

    const usage = await cli('mapping', demo, 'export', id, '--all', '--out', one);
    expect(usage.code).toBe(2);
    expect((await cli('mapping', demo, 'list', '--out', one)).code).toBe(2);
  });

  it('round-trips the demo mappings through export --all and import into another project', async () => {
    const all = join(dir.path, 'all.json');
    expect((await cli('mapping', demo, 'export', '--all', '--out', all)).code).toBe(0);
    const exported = (JSON.parse(readFileSync(all, 'utf8')) as { mappings: EntityMapping[] }).mappings;
    expect(exported).toHaveLength(demoMappings('c', DEMO_SCHOOL_CODE).length);

    // Its connection is not in the other project: refused as a whole, with the way out named.
    const refused = await cli('mapping', other, 'import', all, '--json');
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'MAPPING_INVALID', hint: expect.stringContaining('--connection') } });
    expect((await cli('mapping', other, 'list', '--json')).json().mappings).toEqual([]);

    const imported = await cli('mapping', other, 'import', all, '--connection', otherConnection, '--json');
    expect(imported.code, imported.stdout).toBe(0);
    expect((imported.json().imported as { status: string }[]).map((i) => i.status)).toEqual(exported.map(() => 'created'));

    const back = join(dir.path, 'back.json');
    expect((await cli('mapping', other, 'export', '--all', '--out', back)).code).toBe(0);
    const reexported = (JSON.parse(readFileSync(back, 'utf8')) as { mappings: EntityMapping[] }).mappings;
    expect(reexported.map(essence)).toEqual(exported.map(essence));
    expect(reexported.every((m) => m.connectionId === otherConnection)).toBe(true);
    const show = (await cli('mapping', other, 'show', exported[0].id, '--json')).json() as { history: { versions: { action: string }[] } };
    expect(show.history.versions.map((v) => v.action)).toEqual(['import']);

    // Importing the same file into its own project changes nothing.
    const same = await cli('mapping', demo, 'import', all, '--json');
    expect((same.json().imported as { status: string }[]).map((i) => i.status)).toEqual(exported.map(() => 'unchanged'));
  });

  it('links the demo’s pupils to their contacts through a join on FAMILY_ID (one link per pupil × contact)', async () => {
    const legacy = new Database(demoLegacyFileFor(demo), { readonly: true });
    const expected = legacy
      .prepare(`SELECT p.PUPIL_NO || '-' || c.CONTACT_ID AS id FROM PUPILS p JOIN CONTACTS c ON trim(p.FAMILY_ID) = trim(c.FAMILY_ID) WHERE trim(p.FAMILY_ID) <> '' ORDER BY p.rowid, c.rowid`)
      .pluck()
      .all() as string[];
    legacy.close();
    expect(expected.length).toBeGreaterThan(40);
    const engine = createHostEngine({ host: 'cli' });
    try {
      await engine.api.projects.open({ path: demo });
      const [connection] = await engine.api.connections.list();
      await engine.api.connections.discover({ id: connection.id });
      const links = await engine.api.mappings.create({
        mapping: {
          entity: 'student-guardians',
          connectionId: connection.id,
          stream: 'PUPILS',
          keyColumns: ['PUPIL_NO', 'contact.CONTACT_ID'],
          joins: [{ as: 'contact', stream: 'CONTACTS', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_ID' }], kind: 'inner', match: 'many' }],
          fields: [
            // A reference holds the referenced record's externalId: its key columns as text, joined with "-".
            { field: 'studentExternalId', column: null, transforms: [{ kind: 'concat', columns: ['PUPIL_NO'], separator: '-' }] },
            { field: 'guardianExternalId', column: null, transforms: [{ kind: 'concat', columns: ['contact.CONTACT_ID'], separator: '-' }] },
          ],
        },
      });
      expect(links.specVersion).toBe(2);
      const checked = await engine.api.mappings.validate({ id: links.id });
      expect(checked.remarks.filter((r) => r.level === 'error')).toEqual([]);
      const preview = await engine.api.mappings.preview({ id: links.id, limit: 1000 });
      expect(preview.rows.map((r) => r.externalId)).toEqual(expected);
      expect(preview.rows.every((r) => r.outcome === 'valid')).toBe(true);
      await engine.api.mappings.delete({ id: links.id });
    } finally {
      await engine.dispose();
    }
  });

  it('refuses a file that is not a mappings export, importing nothing', async () => {
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'academia-studio.mappings', formatVersion: 1, exportedAt: 'x', mappings: [{ id: 'x', entity: 'students' }] }));
    const res = await cli('mapping', other, 'import', bad, '--json');
    expect(res.code).toBe(1);
    expect(res.json()).toMatchObject({ error: { code: 'MAPPING_INVALID', message: expect.stringMatching(/mappings\.0\./) } });
  });
});
