import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server';
import { runBuiltCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

/**
 * The vault through the engine's services, as the hosts use it: a connection's password goes to
 * the vault (never the project file), another host of the same user can use it, a copied project
 * asks for it again, and the audit trail records it all and can be verified from the CLI.
 */
describe('secrets and audit through the engine', () => {
  const dir = tempDir();
  const config = join(dir.path, 'config');
  const project = join(dir.path, 'school.apstudio');
  const password = 'Pl4nted-S3cret-for-vault-test';
  let db: MariaDbServer;
  let connectionId: string;

  beforeAll(async () => {
    db = await startMariaDb({ database: 'legacy' });
    // The web host creates the project and adds a MariaDB source with its password.
    const web = createHostEngine({ host: 'web', configDir: config });
    await web.api.projects.create({ path: project });
    const url = db.url.replace(/:\/\/([^:]+):[^@]*@/, `://$1:${encodeURIComponent(db.password)}@`);
    const conn = await web.api.connections.add({ name: 'Old SIS', location: url });
    connectionId = conn.id;
    expect(conn.location).toContain('****');
    expect(conn.secretStatus).toBe(db.password ? 'set' : 'missing');
    if (db.password) await web.api.connections.setSecret({ id: conn.id, secret: db.password });
    await web.api.connections.add({ name: 'Decoy', location: `mysql://sis:${password}@127.0.0.1:1/none` });
    await web.dispose();
  }, 120_000);

  afterAll(async () => {
    await db?.stop();
    dir.cleanup();
  });

  it('keeps passwords out of the project file', () => {
    const bytes = Buffer.concat([readFileSync(project)]);
    expect(bytes.includes(Buffer.from(password))).toBe(false);
    expect(bytes.includes(Buffer.from(password, 'utf16le'))).toBe(false);
  });

  it('lets the CLI host of the same user open the project and use the connection', async () => {
    const cli = createHostEngine({ host: 'cli', configDir: config });
    try {
      await cli.api.projects.open({ path: project });
      const result = await cli.api.connections.test({ id: connectionId });
      expect(result.ok).toBe(true);
      const list = await cli.api.connections.list();
      expect(list.find((c) => c.name === 'Decoy')?.secretStatus).toBe('set');
    } finally {
      await cli.dispose();
    }
  });

  it('asks for the secrets again, per connection, when the project is copied to another user', async () => {
    const copy = join(dir.path, 'copy.apstudio');
    copyFileSync(project, copy);
    const other = createHostEngine({ host: 'cli', configDir: join(dir.path, 'other-user') });
    try {
      await other.api.projects.open({ path: copy });
      const decoy = (await other.api.connections.list()).find((c) => c.name === 'Decoy')!;
      expect(decoy.secretStatus).toBe('needs-reentry');
      await expect(other.api.connections.test({ id: decoy.id })).rejects.toMatchObject({ code: 'VAULT_NEEDS_REENTRY', message: expect.stringContaining('Decoy') });
      const fixed = await other.api.connections.setSecret({ id: decoy.id, secret: 'new-one' });
      expect(fixed.secretStatus).toBe('set');
    } finally {
      await other.dispose();
    }
  });

  it('records connection, vault and run actions in a verifiable audit trail', async () => {
    const engine = createHostEngine({ host: 'cli', configDir: config });
    try {
      await engine.api.projects.open({ path: project });
      const entries = await engine.api.audit.list({});
      const actions = entries.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['project.create', 'connection.add', 'vault.set', 'connection.test']));
      expect(JSON.stringify(entries)).not.toContain(password);
      expect(await engine.api.audit.verify()).toMatchObject({ valid: true, firstBadEntry: null });
    } finally {
      await engine.dispose();
    }
    const verify = await runBuiltCli(['audit', 'verify', project, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: true, firstBadEntry: null });
    const exported = await runBuiltCli(['audit', 'export', project, '--format', 'json', '--out', join(dir.path, 'audit.json')]);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(dir.path, 'audit.json'), 'utf8')).not.toContain(password);
  });

  it('opens the secrets unattended under another account with a passphrase-only key', async () => {
    const jobConfig = join(dir.path, 'job-config');
    const passphrase = 'a long job passphrase';
    const written = await runBuiltCli(['vault', 'key-for-job', jobConfig, '--json'], { env: { APSTUDIO_CONFIG_DIR: config, APSTUDIO_JOB_PASSPHRASE: passphrase } });
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout).keyFile).toContain('job-config');

    const previous = process.env.APSTUDIO_VAULT_PASSPHRASE;
    process.env.APSTUDIO_VAULT_PASSPHRASE = passphrase;
    const job = createHostEngine({ host: 'cli', configDir: jobConfig });
    try {
      await job.api.projects.open({ path: project });
      expect((await job.api.connections.test({ id: connectionId })).ok).toBe(true);
    } finally {
      await job.dispose();
      if (previous === undefined) delete process.env.APSTUDIO_VAULT_PASSPHRASE;
      else process.env.APSTUDIO_VAULT_PASSPHRASE = previous;
    }

    process.env.APSTUDIO_VAULT_PASSPHRASE = 'the wrong passphrase!';
    const wrong = createHostEngine({ host: 'cli', configDir: jobConfig });
    try {
      await wrong.api.projects.open({ path: project });
      await expect(wrong.api.connections.test({ id: connectionId })).rejects.toMatchObject({ code: 'VAULT_WRONG_PASSPHRASE' });
    } finally {
      await wrong.dispose();
      if (previous === undefined) delete process.env.APSTUDIO_VAULT_PASSPHRASE;
      else process.env.APSTUDIO_VAULT_PASSPHRASE = previous;
    }
  });
});
