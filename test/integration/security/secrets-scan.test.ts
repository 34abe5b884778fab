import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { openSqlite } from '../../../src/main/engine/project/open-database';
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
