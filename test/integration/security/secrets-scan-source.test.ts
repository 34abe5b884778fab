import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { runCli } from '../../../src/main/hosts/cli/cli';
import { createOutput } from '../../../src/main/hosts/cli/output';
import { openSqlite } from '../../../src/platform/open-sqlite';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { runBuiltCli, type CliResult } from '../../support/run-cli';
import { SECRET_MANIFEST, writeSecretFixture, type SecretFixture } from '../../support/secret-source-fixture';
import { tempDir } from '../../support/temp-dir';
import { encodingsOf } from '../../unit/security/security-helpers';

const OPENSIS = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'opensis-sqlite', 'opensis_sample.sqlite');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Issue 16, point 6: secret columns of a source (password hashes, tokens, security answers) are
 * tagged by one classifier and their values appear nowhere the studio writes or prints. The
 * built CLI runs discover, preview, assess (HTML and CSV reports) and a run on the planted
 * fixture (the same CLI in-process on openSIS), then every byte written and printed is searched for every planted value.
 */
describe('secret columns of a source stay out of everything the studio writes (built CLI)', () => {
  const dir = tempDir();
  const env = { APSTUDIO_CONFIG_DIR: join(dir.path, 'config') };
  let fixture: SecretFixture;
  const printed: CliResult[] = [];
  const cli = async (...args: string[]) => {
    const res = await runBuiltCli(args, { env, cwd: dir.path });
    printed.push(res);
    return res;
  };
  /** The same CLI in this process (each spawn of the built one costs seconds on a busy machine). */
  const inProcess = async (...argv: string[]): Promise<CliResult> => {
    const sink = (into: string[]) => ({ write: (chunk: unknown) => (into.push(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(argv, createOutput(argv.includes('--json'), { stdout: sink(stdout), stderr: sink(stderr) }));
    const res = { code, stdout: stdout.join(''), stderr: stderr.join('') };
    printed.push(res);
    return res;
  };
  beforeAll(() => {
    fixture = writeSecretFixture(dir.path);
  });
  afterAll(() => dir.cleanup());

  it('tags exactly the manifest\'s columns, nulls their values, and leaks none of them', async () => {
    const discovered = await cli('discover', fixture.file, '--json');
    expect(discovered.code).toBe(0);
    const streams = JSON.parse(discovered.stdout).streams as { name: string; columns: { name: string; secret?: boolean }[] }[];
    const byName = Object.fromEntries(streams.flatMap((s) => s.columns.map((c) => [`${s.name}.${c.name}`, c.secret === true])));
    // Discovery decides by name alone: the shape-only columns are found when values are read.
    for (const col of ['users.password', 'users.api_token', 'users.security_answer', 'schools.admin_password']) expect(byName[col], col).toBe(true);
    for (const col of SECRET_MANIFEST.notSecret) expect(byName[col], col).toBe(false);

    const preview = await cli('preview', fixture.file, 'users', '--json');
    expect(preview.code).toBe(0);
    const doc = JSON.parse(preview.stdout) as { stream: string; columns: { name: string; type: string; personal: boolean; secret: boolean }[]; rows: Record<string, unknown>[] };
    expect(Object.keys(doc).sort()).toEqual(['columns', 'rows', 'stream']);
    const secretCols = doc.columns.filter((c) => c.secret).map((c) => `users.${c.name}`).sort();
    expect(secretCols).toEqual(Object.keys(SECRET_MANIFEST.secret).filter((k) => k.startsWith('users.')).sort());
    expect(doc.rows).toHaveLength(SECRET_MANIFEST.rows.users);
    for (const row of doc.rows) for (const c of secretCols) expect(row[c.slice(6)]).toBeNull();
    expect(doc.columns.find((c) => c.name === 'first_name')).toMatchObject({ personal: true, secret: false });
    expect(doc.rows[0].first_name).not.toBe('Amy');
    expect(doc.rows[0].username).toBe('amy.khan');
    const revealed = await inProcess('preview', fixture.file, 'users', '--json', '--reveal');
    expect(JSON.parse(revealed.stdout).rows[0].first_name).toBe('Amy');
    expect(revealed.stderr).toMatch(/--reveal/);

    const assess = await cli('assess', fixture.file, '--json', '--report', join(dir.path, 'readiness.html'));
    expect(assess.code).toBe(0);
    const notAssessed = (JSON.parse(assess.stdout).notAssessed as { table: string; column: string | null }[]).filter((n) => n.column).map((n) => `${n.table}.${n.column}`).sort();
    expect(notAssessed).toEqual(Object.keys(SECRET_MANIFEST.secret).sort());
    expect((await inProcess('assess', fixture.file, '--report', join(dir.path, 'findings.csv'))).code).toBe(0);

    // A run through a project: a mapping that (wrongly) feeds a password column into a field.
    const project = join(dir.path, 'school.apstudio');
    const engine = createHostEngine({ host: 'cli', configDir: env.APSTUDIO_CONFIG_DIR });
    await engine.api.projects.create({ path: project, name: 'School' });
    const source = await engine.api.connections.add({ name: 'Old SIS', location: fixture.file });
    const catalog = await engine.api.connections.discover({ id: source.id });
    expect(catalog.streams.find((s) => s.name === 'users')?.columns.find((c) => c.name === 'password')?.secret).toBe(true);
    const grid = await engine.api.connections.preview({ id: source.id, stream: 'schools' });
    expect(grid.columns.find((c) => c.name === 'admin_password')).toMatchObject({ secret: true });
    expect(grid.rows.every((r) => r.admin_password === null)).toBe(true);
    await engine.dispose();
    const mapping: EntityMapping = {
      id: 'm-schools',
      entity: 'schools',
      connectionId: source.id,
      stream: 'schools',
      keyColumns: ['school_code'],
      fields: [
        { field: 'name', column: 'school_name', transforms: [{ kind: 'trim' }, { kind: 'emptyToNull' }] },
        { field: 'code', column: 'school_code', transforms: [] },
        { field: 'phone', column: 'admin_password', transforms: [] },
        { field: 'timezone', column: null, transforms: [{ kind: 'constant', value: 'Europe/London' }] },
      ],
      updatedAt: '2025-03-01T00:00:00.000Z',
    };
    const raw = openSqlite(project);
    raw.prepare('INSERT INTO mappings (id, entity, connection_id, stream, spec_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(mapping.id, mapping.entity, mapping.connectionId, mapping.stream, JSON.stringify(mapping), mapping.updatedAt);
    raw.close();
    const run = await cli('run', project, '--json');
    expect([0, 3]).toContain(run.code);
    const result = JSON.parse(run.stdout);
    expect(result.steps[0]).toMatchObject({ entity: 'schools', read: SECRET_MANIFEST.rows.schools });
    expect(result.steps[0].rejected).toBeGreaterThan(0);
    // Rejects keep the mapped fields, the source row number and the key, not the whole source row.
    const check = openSqlite(project, { readonly: true });
    const rejects = check.prepare('SELECT source_row, external_id, row_json FROM rejects').all() as { source_row: number; external_id: string; row_json: string }[];
    check.close();
    expect(rejects.length).toBeGreaterThan(0);
    for (const r of rejects) expect(Object.keys(JSON.parse(r.row_json)).sort()).toEqual(['admin_password', 'school_code', 'school_name'].sort());

    // Every byte written (project file and its WAL, reports, config) and printed.
    expect(existsSync(join(dir.path, 'readiness.html')) && existsSync(join(dir.path, 'findings.csv'))).toBe(true);
    const artefacts = filesUnder(dir.path).filter((f) => f !== fixture.file && !f.endsWith('secrets-manifest.json'));
    expect(artefacts.length).toBeGreaterThanOrEqual(3);
    const out = Buffer.from(printed.map((p) => p.stdout + p.stderr).join('\n'));
    expect(out.length).toBeGreaterThan(2000);
    // Control: the planted values are really in the source.
    expect(readFileSync(fixture.file).includes(Buffer.from(fixture.plantedValues[0]))).toBe(true);
    for (const value of fixture.plantedValues) {
      for (const encoded of encodingsOf(value)) {
        for (const artefact of artefacts) expect(readFileSync(artefact).includes(encoded), `${value} in ${artefact}`).toBe(false);
        expect(out.includes(encoded), `${value} printed`).toBe(false);
      }
    }
  }, 120_000);

  it('openSIS: login_authentication.password (bcrypt) is secret and its hashes appear nowhere', async () => {
    const src = openSqlite(OPENSIS, { readonly: true });
    const hashes = (src.prepare('SELECT password FROM login_authentication WHERE password IS NOT NULL').all() as { password: string }[]).map((r) => r.password);
    src.close();
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes.every((h) => /^\$2[aby]\$/.test(h))).toBe(true);
    const start = printed.length;
    const preview = await inProcess('preview', OPENSIS, 'login_authentication', '--json', '--reveal');
    const doc = JSON.parse(preview.stdout);
    expect(doc.columns.find((c: { name: string }) => c.name === 'password')).toMatchObject({ secret: true });
    expect(doc.rows.every((r: Record<string, unknown>) => r.password === null)).toBe(true);
    const report = join(dir.path, 'opensis.html');
    expect((await inProcess('assess', OPENSIS, '--json', '--report', report)).code).toBe(0);
    const out = Buffer.from(printed.slice(start).map((p) => p.stdout + p.stderr).join('\n'));
    const html = readFileSync(report);
    for (const h of hashes) {
      expect(out.includes(Buffer.from(h))).toBe(false);
      expect(html.includes(Buffer.from(h))).toBe(false);
    }
  }, 120_000);
});
