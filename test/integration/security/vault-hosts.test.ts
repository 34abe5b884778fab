import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { ConnectionsRepo } from '../../../src/main/engine/project/connections-repo';
import { Project } from '../../../src/main/engine/project/project';
import { createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { KEY_FILE_NAME } from '../../../src/main/engine/security/key-file';
import { KeyStore, PASSPHRASE_ENV, type KeyStoreOptions } from '../../../src/main/engine/security/key-store';
import { connectionSecretName, SECRET_PURPOSES, TARGET_CLIENT_SECRET_NAME } from '../../../src/main/engine/security/secret-names';
import { Vault } from '../../../src/main/engine/security/vault';
import { tempDir } from '../../support/temp-dir';
import { applySecurityMigration, failure, TEST_SCRYPT } from '../../unit/security/security-helpers';

const SIS_PASSWORD = 'sis-Planted-Pa55!';
const FEES_PASSWORD = 'fees-Planted-Pa55?';
const CLIENT_SECRET = 'cs-Planted-4f1e2d';
const PASSPHRASE = 'unattended job passphrase 2025';

/**
 * The vault as the hosts use it: a project file, the user's configuration folder, and hosts that
 * come and go (the web host saves, the CLI opens later; a copy lands on another machine; a
 * scheduled job runs under another account).
 */
describe('one vault for every host', () => {
  let dir: ReturnType<typeof tempDir>;
  let userConfig: string;
  let projectPath: string;
  let ids: { sis: string; fees: string };

  const keyStore = (configDir: string, extra: Partial<KeyStoreOptions> = {}) => new KeyStore({ configDir, env: {}, scryptCost: TEST_SCRYPT, ...extra });

  /** Opens a project as a host would: project file, then a vault over the given key store. */
  function openAs(path: string, keys: KeyStore, app: string) {
    const file = openProjectFile(path, app);
    applySecurityMigration(file.db);
    const project = new Project(file);
    const names = new Map<string, string>();
    const connections = new ConnectionsRepo(project);
    const vault = new Vault(file.db, keys, {
      audit: new AuditLog(file.db),
      describe: (name) => `the password of the connection "${names.get(name) ?? name}"`,
    });
    return {
      project,
      vault,
      async load() {
        for (const c of await connections.list(() => 'missing')) names.set(connectionSecretName(c.id), c.name);
      },
      close: () => project.close(),
    };
  }

  beforeEach(async () => {
    dir = tempDir();
    userConfig = join(dir.path, 'user-config');
    projectPath = join(dir.path, 'school.apstudio');
    // The web host creates the project and saves two connections with passwords and the target's secret.
    const file = createProjectFile(projectPath, 'web', { name: 'School' });
    applySecurityMigration(file.db);
    const project = new Project(file);
    const repo = new ConnectionsRepo(project);
    const vault = new Vault(file.db, keyStore(userConfig), { audit: new AuditLog(file.db) });
    const add = async (name: string, location: string) => {
      const parsed = parseSourceLocation(location);
      const id = await repo.add({ name, kind: parsed.kind, location: parsed.masked, config: parsed.config });
      if (parsed.password !== null) await vault.set(connectionSecretName(id), SECRET_PURPOSES.connectionPassword, parsed.password);
      return id;
    };
    ids = {
      sis: await add('SIS', `mysql://sis:${encodeURIComponent(SIS_PASSWORD)}@127.0.0.1:3306/school`),
      fees: await add('Fees', `postgres://fees:${encodeURIComponent(FEES_PASSWORD)}@127.0.0.1:5432/fees`),
    };
    await vault.set(TARGET_CLIENT_SECRET_NAME, SECRET_PURPOSES.targetClientSecret, CLIENT_SECRET);
    project.close();
  });
  afterEach(() => dir.cleanup());

  it('the CLI, as the same user, opens the secrets the web host saved', async () => {
    const cli = openAs(projectPath, keyStore(userConfig), 'cli');
    expect(await cli.vault.status(connectionSecretName(ids.sis))).toBe('set');
    expect(await cli.vault.use(connectionSecretName(ids.sis), (pw) => pw)).toBe(SIS_PASSWORD);
    expect(await cli.vault.use(connectionSecretName(ids.fees), (pw) => pw)).toBe(FEES_PASSWORD);
    expect(await cli.vault.use(TARGET_CLIENT_SECRET_NAME, (s) => s)).toBe(CLIENT_SECRET);
    // The saved location never held the password.
    const locations = cli.project.db.prepare('SELECT location, config_json FROM connections').all();
    expect(JSON.stringify(locations)).not.toContain(SIS_PASSWORD);
    cli.close();
  });

  it('a copy opened with a fresh configuration folder asks for each secret again, clearly', async () => {
    const copy = join(dir.path, 'elsewhere.apstudio');
    copyFileSync(projectPath, copy);
    const otherConfig = join(dir.path, 'other-machine-config');
    const host = openAs(copy, keyStore(otherConfig), 'web');
    await host.load();
    expect((await host.vault.list()).map((s) => [s.name, s.status])).toEqual(
      [
        [connectionSecretName(ids.sis), 'needs-reentry'],
        [connectionSecretName(ids.fees), 'needs-reentry'],
        [TARGET_CLIENT_SECRET_NAME, 'needs-reentry'],
      ].sort(([a], [b]) => a.localeCompare(b)),
    );
    const err = await failure(host.vault.use(connectionSecretName(ids.sis), () => 'opened'));
    expect(err.code).toBe('VAULT_NEEDS_REENTRY');
    expect(err.message).toContain('the password of the connection "SIS"');
    expect(err.message).toContain(join(otherConfig, KEY_FILE_NAME));
    expect(err.hint).toMatch(/Enter it again/);
    expect(existsSync(join(otherConfig, KEY_FILE_NAME))).toBe(false);

    // Re-entering one secret saves it for this user; the others still ask.
    await host.vault.set(connectionSecretName(ids.sis), SECRET_PURPOSES.connectionPassword, 'new-password-here');
    expect(await host.vault.status(connectionSecretName(ids.sis))).toBe('set');
    expect((await host.vault.listNeedingReentry()).map((s) => s.name).sort()).toEqual([connectionSecretName(ids.fees), TARGET_CLIENT_SECRET_NAME].sort());
    const other = await failure(host.vault.use(connectionSecretName(ids.fees), () => 'opened'));
    expect(other.message).toMatch(/another user or on another computer/);
    host.close();

    // The original is untouched and still opens for its own user.
    const original = openAs(projectPath, keyStore(userConfig), 'cli');
    expect(await original.vault.use(connectionSecretName(ids.sis), (pw) => pw)).toBe(SIS_PASSWORD);
    original.close();
  });

  it('an unattended job under another account opens it with a passphrase; a wrong passphrase fails clearly and changes nothing', async () => {
    const jobConfig = join(dir.path, 'job-account-config');
    await keyStore(userConfig).writeUnattendedKeyFile(jobConfig, PASSPHRASE);

    const job = openAs(projectPath, keyStore(jobConfig, { env: { [PASSPHRASE_ENV]: PASSPHRASE } }), 'cli');
    expect(await job.vault.use(connectionSecretName(ids.fees), (pw) => pw)).toBe(FEES_PASSWORD);
    job.close();

    const keyBefore = readFileSync(join(jobConfig, KEY_FILE_NAME));
    const wrong = openAs(projectPath, keyStore(jobConfig, { env: { [PASSPHRASE_ENV]: 'a wrong passphrase!' } }), 'cli');
    const secretsBefore = JSON.stringify(wrong.project.db.prepare('SELECT * FROM secrets ORDER BY name').all());
    const err = await failure(wrong.vault.use(connectionSecretName(ids.fees), () => 'opened'));
    expect(err.code).toBe('VAULT_WRONG_PASSPHRASE');
    expect(err.hint).toMatch(/Nothing was changed/);
    expect((await failure(wrong.vault.set(connectionSecretName(ids.fees), SECRET_PURPOSES.connectionPassword, 'x'))).code).toBe('VAULT_WRONG_PASSPHRASE');
    expect((await failure(wrong.vault.status(connectionSecretName(ids.fees)))).code).toBe('VAULT_WRONG_PASSPHRASE');
    expect(JSON.stringify(wrong.project.db.prepare('SELECT * FROM secrets ORDER BY name').all())).toBe(secretsBefore);
    wrong.close();
    expect(readFileSync(join(jobConfig, KEY_FILE_NAME)).equals(keyBefore)).toBe(true);

    const noPassphrase = openAs(projectPath, keyStore(jobConfig), 'cli');
    expect((await failure(noPassphrase.vault.use(connectionSecretName(ids.fees), () => 'opened'))).code).toBe('VAULT_KEY_LOCKED');
    noPassphrase.close();
  });

  it('a project set up from the start with a passphrase key opens unattended', async () => {
    const jobConfig = join(dir.path, 'service-account-config');
    const env = { [PASSPHRASE_ENV]: PASSPHRASE };
    const setup = openAs(projectPath, keyStore(jobConfig, { env }), 'cli');
    await setup.vault.set(connectionSecretName(ids.sis), SECRET_PURPOSES.connectionPassword, 'service-account-password');
    setup.close();
    expect(JSON.parse(readFileSync(join(jobConfig, KEY_FILE_NAME), 'utf8')).slots.map((s: { kind: string }) => s.kind)).toEqual(['passphrase']);
    const run = openAs(projectPath, keyStore(jobConfig, { env }), 'cli');
    expect(await run.vault.use(connectionSecretName(ids.sis), (pw) => pw)).toBe('service-account-password');
    run.close();
  });

  it('audits each vault change, naming the secret and never its value', async () => {
    const cli = openAs(projectPath, keyStore(userConfig), 'cli');
    const audit = new AuditLog(cli.project.db);
    const entries = audit.list({ action: 'vault.*' });
    expect(entries.map((e) => e.object).sort()).toEqual([connectionSecretName(ids.sis), connectionSecretName(ids.fees), TARGET_CLIENT_SECRET_NAME].sort());
    expect(JSON.stringify(entries)).not.toMatch(/Planted/);
    expect(audit.verify()).toMatchObject({ valid: true, entries: 3 });
    cli.close();
  });
});
