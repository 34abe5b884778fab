import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { runCli } from '../../../src/main/hosts/cli/cli';
import { createOutput } from '../../../src/main/hosts/cli/output';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { startMariaDb, type MariaDbServer } from '../../support/mariadb-server';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { ConnectionsRepo } from '../../../src/main/engine/project/connections-repo';
import { Project } from '../../../src/main/engine/project/project';
import { createProjectFile } from '../../../src/main/engine/project/project-file';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { describeSecretsForExport, redactForExport, scrubSecretsForExport } from '../../../src/main/engine/security/export-redaction';
import { KeyStore, PASSPHRASE_ENV } from '../../../src/main/engine/security/key-store';
import { connectionSecretName, SECRET_PURPOSES, TARGET_CLIENT_SECRET_NAME } from '../../../src/main/engine/security/secret-names';
import { Vault } from '../../../src/main/engine/security/vault';
import { tempDir } from '../../support/temp-dir';
import { applySecurityMigration, encodingsOf, failure, fakeKeychain, TEST_SCRYPT } from '../../unit/security/security-helpers';

/** Secrets planted in every place a careless service might put them. */
const PLANTED = {
  dbPassword: 'Zq8-planted-db-password',
  clientSecret: 'Zq8-planted-client-secret',
  webhookSecret: 'Zq8-planted-webhook-secret',
  passphrase: 'Zq8 planted unattended passphrase',
};

/** Every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('no artefact the studio writes contains a secret', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('project file, key files, audit exports, a redacted template and a project export are free of planted secrets', async () => {
    const userConfig = join(dir.path, 'config');
    const projectPath = join(dir.path, 'school.apstudio');
    const file = createProjectFile(projectPath, 'test', { name: 'School' });
    applySecurityMigration(file.db);
    const project = new Project(file);
    const audit = new AuditLog(file.db);
    // The desktop app's keychain plus a passphrase slot for the CLI: both slot kinds are written.
    const keychain = fakeKeychain();
    const keys = new KeyStore({ configDir: userConfig, env: {}, scryptCost: TEST_SCRYPT, wrapper: keychain, createProtection: 'wrapped' });
    const vault = new Vault(file.db, keys, { audit });

    const location = `mysql://sis:${PLANTED.dbPassword}@127.0.0.1:3306/school`;
    const parsed = parseSourceLocation(location);
    const id = await new ConnectionsRepo(project).add({ name: 'SIS', kind: parsed.kind, location: parsed.masked, config: parsed.config });
    await vault.set(connectionSecretName(id), SECRET_PURPOSES.connectionPassword, parsed.password as string);
    await vault.set(TARGET_CLIENT_SECRET_NAME, SECRET_PURPOSES.targetClientSecret, PLANTED.clientSecret);
    await vault.set('webhook:outgoing:secret', SECRET_PURPOSES.webhookSecret, PLANTED.webhookSecret);
    await vault.rotate({ newKey: true });
    await new KeyStore({ configDir: userConfig, env: {}, scryptCost: TEST_SCRYPT, wrapper: keychain, passphrase: PLANTED.passphrase }).addSlot('passphrase');
    await keys.writeUnattendedKeyFile(join(dir.path, 'job-config'), PLANTED.passphrase);

    // Careless callers: secrets inside audit summaries are masked on the way in.
    audit.append({ action: 'connection.test', object: `connection:${id}`, summary: `Connected with ${location}` });
    audit.append({ action: 'target.connect', object: 'target', summary: `client_secret=${PLANTED.clientSecret} Authorization: Bearer ${PLANTED.webhookSecret}` });
    audit.append({ action: 'settings.change', object: 'settings', summary: `{"passphrase": "${PLANTED.passphrase}"}` });

    // Exports: the audit trail, a mapping template that picked up the target settings, a project export.
    const csv = audit.export('csv', join(dir.path, 'audit.csv'));
    const json = audit.export('json', join(dir.path, 'audit.json'));
    expect(json.verify.valid).toBe(true);
    const template = redactForExport({ name: 'SIS → students', source: { location }, target: { clientSecret: PLANTED.clientSecret, webhook: { secret: PLANTED.webhookSecret } } });
    writeFileSync(join(dir.path, 'template.json'), JSON.stringify(template));
    const exportCopy = join(dir.path, 'export', 'school-export.apstudio');
    mkdirSync(join(dir.path, 'export'));
    file.db.exec(`VACUUM INTO '${exportCopy.replace(/'/g, "''")}'`);
    const copyDb = openSqlite(exportCopy);
    copyDb.pragma('journal_mode = WAL');
    expect(scrubSecretsForExport(copyDb)).toEqual({ scrubbed: 3 });
    const description = describeSecretsForExport(copyDb);
    writeFileSync(join(dir.path, 'export', 'secrets-to-reenter.json'), JSON.stringify(description));
    expect(description.connections).toEqual([expect.objectContaining({ name: 'SIS', needsSecretReentry: true })]);
    const copyVault = new Vault(copyDb, keys);
    expect((await copyVault.listNeedingReentry()).map((s) => s.name).sort()).toEqual([connectionSecretName(id), TARGET_CLIENT_SECRET_NAME, 'webhook:outgoing:secret'].sort());
    expect((await failure(copyVault.use(TARGET_CLIENT_SECRET_NAME, () => 1))).message).toMatch(/exported without its secrets/);
    copyDb.close();

    // The vault still works for its own user after all this.
    expect(await vault.use(connectionSecretName(id), (pw) => pw === PLANTED.dbPassword)).toBe(true);
    project.close(); // checkpoints the WAL into the file
    expect(existsSync(`${projectPath}-wal`)).toBe(false);

    const artefacts = [projectPath, csv.file, json.file, ...filesUnder(userConfig), ...filesUnder(join(dir.path, 'job-config')), ...filesUnder(join(dir.path, 'export')), join(dir.path, 'template.json')];
    expect(artefacts.length).toBeGreaterThanOrEqual(8);
    expect(JSON.parse(readFileSync(join(userConfig, 'vault-key.json'), 'utf8')).slots.map((s: { kind: string }) => s.kind).sort()).toEqual(['passphrase', 'wrapped']);
    // Control: the scan does find a planted secret where one is written in any of its encodings.
    writeFileSync(join(dir.path, 'control.bin'), Buffer.concat([Buffer.from('x'), encodingsOf(PLANTED.dbPassword)[1]]));
    expect(encodingsOf(PLANTED.dbPassword).some((e) => readFileSync(join(dir.path, 'control.bin')).includes(e))).toBe(true);
    for (const artefact of artefacts) {
      const bytes = readFileSync(artefact);
      for (const [what, secret] of Object.entries(PLANTED)) {
        for (const encoded of encodingsOf(secret)) {
          expect(bytes.includes(encoded), `${what} found in ${artefact}`).toBe(false);
        }
      }
    }
    // The passphrase key opens from the environment, proving the key files were really written.
    const job = new KeyStore({ configDir: join(dir.path, 'job-config'), env: { [PASSPHRASE_ENV]: PLANTED.passphrase }, scryptCost: TEST_SCRYPT });
    expect((await job.open()).currentKeyId).toBe((await keys.open()).currentKeyId);
  });
});

/**
 * The hosts end to end with a real password-protected MariaDB source: the password is given once,
 * in a connection string, and then every artefact and every line the studio prints is searched.
 */
describe('no run, report, export or log line contains a connection password', () => {
  let server: MariaDbServer;
  let dir: ReturnType<typeof tempDir>;
  const savedConfigDir = process.env.APSTUDIO_CONFIG_DIR;

  beforeAll(async () => {
    server = await startMariaDb({ database: 'legacy' });
    const db = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: server.user, password: server.password, database: 'legacy' });
    await db.query('CREATE TABLE school (SCHOOL_CODE VARCHAR(10) PRIMARY KEY, SCHOOL_NAME VARCHAR(100), TELEPHONE VARCHAR(30))');
    await db.query("INSERT INTO school VALUES ('SM01', 'St Mary''s Primary', '01632 960001'), ('SM02', '  ', NULL)");
    await db.end();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(() => (dir = tempDir()));
  afterEach(() => {
    if (savedConfigDir === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = savedConfigDir;
    vi.restoreAllMocks();
    dir.cleanup();
  });

  it('searches the project, run events, CLI output, assessment reports, audit and project exports, and anything logged', async () => {
    const password = server.password;
    const url = `mysql://${server.user}:${encodeURIComponent(password)}@127.0.0.1:${server.port}/legacy`;
    const unreachable = `mysql://${server.user}:${encodeURIComponent(password)}@127.0.0.1:1/legacy`;
    const config = join(dir.path, 'config');
    const projectPath = join(dir.path, 'school.apstudio');
    process.env.APSTUDIO_CONFIG_DIR = config;

    // Everything the process prints, whoever prints it (engine, hosts, drivers).
    const printed: string[] = [];
    const keep = (chunk: unknown) => void printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => keep(args.map(String).join(' ')));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (keep(chunk), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (keep(chunk), true));
    const cli = async (...argv: string[]) => {
      const sink = (into: string[]) => ({ write: (chunk: unknown) => (into.push(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await runCli(argv, createOutput(argv.includes('--json'), { stdout: sink(stdout), stderr: sink(stderr) }));
      printed.push(...stdout, ...stderr);
      return { code, stdout: stdout.join(''), stderr: stderr.join('') };
    };

    // The web host's engine: the project, a source given as a connection string with its password, a mapping.
    const web = createHostEngine({ host: 'web', configDir: config });
    await web.api.projects.create({ path: projectPath, name: 'School' });
    const source = await web.api.connections.add({ name: 'Old SIS', location: url });
    expect(source.location).not.toContain(password);
    const broken = await web.api.connections.add({ name: 'Old SIS (moved)', location: unreachable });
    await expect(web.api.connections.test({ id: broken.id })).resolves.toMatchObject({ ok: false });
    await web.dispose();
    const mapping: EntityMapping = {
      id: 'm-schools',
      entity: 'schools',
      connectionId: source.id,
      stream: 'school',
      keyColumns: ['SCHOOL_CODE'],
      fields: [
        { field: 'name', column: 'SCHOOL_NAME', transforms: [{ kind: 'trim' }, { kind: 'emptyToNull' }] },
        { field: 'code', column: 'SCHOOL_CODE', transforms: [] },
        { field: 'phone', column: 'TELEPHONE', transforms: [] },
        { field: 'timezone', column: null, transforms: [{ kind: 'constant', value: 'Europe/London' }] },
      ],
      updatedAt: '2025-03-01T00:00:00.000Z',
    };
    const raw = openSqlite(projectPath);
    raw.prepare('INSERT INTO mappings (id, entity, connection_id, stream, spec_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(mapping.id, mapping.entity, mapping.connectionId, mapping.stream, JSON.stringify(mapping), mapping.updatedAt);
    raw.close();

    // The CLI, as a scheduled job would run it: the run reads MariaDB with the vaulted password.
    const run = await cli('run', projectPath, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'Completed', steps: [expect.objectContaining({ entity: 'schools', read: 2 })] });
    expect((await cli('run', projectPath)).code).toBeLessThanOrEqual(3);
    // A run whose source is unreachable: its failure is reported, without the password.
    const rewire = openSqlite(projectPath);
    rewire.prepare('UPDATE mappings SET connection_id = ?, spec_json = ?').run(broken.id, JSON.stringify({ ...mapping, connectionId: broken.id }));
    rewire.close();
    const failed = await cli('run', projectPath, '--json');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('127.0.0.1:1');

    // Commands that take the connection string itself.
    expect((await cli('discover', url, '--json')).code).toBe(0);
    expect((await cli('preview', url, 'school')).code).toBe(0);
    expect((await cli('discover', unreachable)).code).toBe(1);
    expect((await cli('assess', url, '--report', join(dir.path, 'readiness.html'))).code).toBe(0);
    expect((await cli('assess', url, '--json', '--report', join(dir.path, 'findings.csv'))).code).toBe(0);
    expect(readFileSync(join(dir.path, 'readiness.html'), 'utf8')).toContain('****');

    // Exports: the audit trail and a hand-over copy of the project.
    expect((await cli('audit', 'export', projectPath, '--format', 'json', '--out', join(dir.path, 'audit.json'))).code).toBe(0);
    expect((await cli('audit', 'export', projectPath, '--format', 'csv', '--out', join(dir.path, 'audit.csv'))).code).toBe(0);
    const exported = await cli('export', projectPath, '--out', join(dir.path, 'handover', 'school.apstudio'), '--json');
    expect(JSON.parse(exported.stdout).needsSecrets).toEqual([
      { kind: 'connection', id: source.id, name: 'Old SIS' },
      { kind: 'connection', id: broken.id, name: 'Old SIS (moved)' },
    ]);
    // The engine's run events, as the Runs screen reads them.
    const reader = createHostEngine({ host: 'cli', configDir: config });
    await reader.api.projects.open({ path: projectPath });
    const runs = await reader.api.runs.list({});
    expect(runs.length).toBe(3);
    const events = (await Promise.all(runs.map((r) => reader.api.runs.events({ runId: r.runId })))).flat();
    expect(events.some((e) => e.level === 'error')).toBe(true);
    printed.push(JSON.stringify(runs), JSON.stringify(events));
    await reader.dispose();

    vi.restoreAllMocks();
    const artefacts = filesUnder(dir.path);
    expect(artefacts.map((f) => f.slice(dir.path.length + 1))).toEqual(expect.arrayContaining(['school.apstudio', 'readiness.html', 'findings.csv', 'audit.json', 'audit.csv', join('handover', 'school.apstudio'), join('config', 'vault-key.json')]));
    expect(printed.join('').length).toBeGreaterThan(1000);
    for (const encoded of encodingsOf(password)) {
      for (const artefact of artefacts) expect(readFileSync(artefact).includes(encoded), `the password in ${artefact}`).toBe(false);
      const leaked = printed.find((text) => Buffer.from(text).includes(encoded));
      expect(leaked, 'the password in printed output').toBeUndefined();
    }
  }, 120_000);
});
