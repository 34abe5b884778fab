import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../../src/main/engine';
import { demoLegacyFileFor } from '../../../src/main/engine/demo/demo-files';
import { KeyStore } from '../../../src/main/engine/security/key-store';
import { SECRET_PURPOSES, TARGET_CLIENT_SECRET_NAME } from '../../../src/main/engine/security/secret-names';
import { Vault } from '../../../src/main/engine/security/vault';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { tempDir } from '../../support/temp-dir';
import { encodingsOf } from '../../unit/security/security-helpers';

const PLANTED = {
  connectionPassword: 'Bundle-Planted-db-Pa55word',
  targetSecret: 'Bundle-Planted-target-secret',
  displayName: 'Bundle Planted Operator-Name',
};

/**
 * Issue 21, point 1: the support bundle carries what a supporter needs (versions, settings, runs
 * and their logs, assessments, target checks, audit entries) and nothing else. Secrets are
 * planted (a connection password, the target's client secret; the vault key itself is read back)
 * and the demo school's personal data (pupils' and contacts' names, birth dates, e-mail
 * addresses) is taken from its legacy database; none may appear in the bundle in any encoding.
 */
describe('projects.supportBundle: a redacted bundle without secrets or personal data', () => {
  const dir = tempDir();
  const config = join(dir.path, 'config');
  let engine: Engine;
  let projectPath: string;
  let bundleFile: string;
  let bundleBytes: Buffer;
  let bundle: Record<string, unknown> & { runs: { runId: string }[]; runEvents: unknown[]; auditEntries: { object: string; action: string }[] };

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: config });
    projectPath = (await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 40 })).path;
    // A file named after a pupil, granted and added as a connection: its path reaches the audit trail.
    const legacy = openSqlite(demoLegacyFileFor(projectPath), { readonly: true });
    const pupil = legacy.prepare('SELECT FORENAME, SURNAME FROM PUPILS LIMIT 1').get() as { FORENAME: string; SURNAME: string };
    legacy.close();
    const namedFolder = join(dir.path, `${pupil.FORENAME} ${pupil.SURNAME} records`);
    mkdirSync(namedFolder);
    writeFileSync(join(namedFolder, 'pupil.csv'), 'id,name\n1,x\n');
    await engine.api.files.grant({ path: join(namedFolder, 'pupil.csv') });
    await engine.api.connections.add({ name: `${pupil.FORENAME} file`, location: join(namedFolder, 'pupil.csv') });
    await engine.api.connections.add({ name: 'Old SIS', location: `mysql://sis:${PLANTED.connectionPassword}@127.0.0.1:1/school` });
    // The embedded target takes no secret through the API; a second writer stores one, as a remote target's would be.
    const writer = openSqlite(projectPath);
    writer.pragma('busy_timeout = 5000');
    await new Vault(writer, new KeyStore({ configDir: config, env: {} })).set(TARGET_CLIENT_SECRET_NAME, SECRET_PURPOSES.targetClientSecret, PLANTED.targetSecret);
    writer.close();
    await engine.api.settings.update({ displayName: PLANTED.displayName, retentionDays: 90 });
    const [demoConnection] = await engine.api.connections.list();
    await engine.api.assessment.start({ connectionId: demoConnection.id });
    await engine.idle();
    const { runId } = await engine.api.runs.start({});
    await engine.idle();
    expect((await engine.api.runs.get({ runId })).status).toMatch(/Completed/);
    await engine.api.targets.test();

    bundleFile = join(dir.path, 'support', 'bundle.json');
    const result = await engine.api.projects.supportBundle({ out: bundleFile });
    bundleBytes = readFileSync(bundleFile);
    bundle = JSON.parse(bundleBytes.toString('utf8'));
    expect(result).toMatchObject({ file: bundleFile, bytes: bundleBytes.length, runs: 1 });
  }, 240_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('holds versions, settings, the run with its log, the assessment, target checks and audit entries', () => {
    expect(bundle).toMatchObject({
      format: 'academia-studio-support-bundle',
      formatVersion: 1,
      versions: { node: process.versions.node, platform: process.platform },
      settings: { retentionDays: 90, maskPersonalData: true, displayNameSet: true },
      target: { kind: 'embedded-sandbox' },
    });
    expect((bundle.versions as { schemaVersion: number }).schemaVersion).toBeGreaterThanOrEqual(8);
    expect(bundle.runs).toHaveLength(1);
    expect(bundle.runEvents.length).toBeGreaterThan(0);
    expect(bundle.assessments).toHaveLength(1);
    expect((bundle.targetChecks as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(bundle.auditEntries.map((e) => e.action)).toEqual(expect.arrayContaining(['settings.retention']));
    // Entries keep their ids; a path (which may name a person) is not one of them.
    expect(bundle.auditEntries.some((e) => e.object.startsWith('connection:'))).toBe(true);
    for (const e of bundle.auditEntries) expect(e.object.startsWith('path:') ? e.object : 'path:[redacted]').toBe('path:[redacted]');
  });

  it('is one owner-only file, and an existing one is replaced only with overwrite', async () => {
    if (process.platform !== 'win32') expect(statSync(bundleFile).mode & 0o777).toBe(0o600);
    await expect(engine.api.projects.supportBundle({ out: bundleFile })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    await expect(engine.api.projects.supportBundle({ out: bundleFile, overwrite: true })).resolves.toMatchObject({ file: bundleFile });
  });

  it('contains no planted secret and not the vault key, in any encoding', async () => {
    const keyring = await new KeyStore({ configDir: config, env: {} }).openOrCreate();
    const key = keyring.current().key;
    const forbidden = [PLANTED.connectionPassword, PLANTED.targetSecret, PLANTED.displayName].flatMap(encodingsOf);
    forbidden.push(key, Buffer.from(key.toString('base64')), Buffer.from(key.toString('base64url')), Buffer.from(key.toString('hex')));
    for (const needle of forbidden) expect(bundleBytes.includes(needle), needle.toString()).toBe(false);
    // The project holds the planted name in its settings: the bundle left it out.
    expect((await engine.api.settings.get()).displayName).toBe(PLANTED.displayName);
  });

  it('contains none of the demo school\'s personal data, in any encoding', () => {
    const legacy = openSqlite(demoLegacyFileFor(projectPath), { readonly: true });
    const pupils = legacy.prepare('SELECT FORENAME, SURNAME, DOB, EMAIL FROM PUPILS').all() as { FORENAME: string; SURNAME: string; DOB: string | null; EMAIL: string | null }[];
    legacy.close();
    expect(pupils.length).toBeGreaterThanOrEqual(40);
    const personal = new Set<string>();
    for (const p of pupils) {
      personal.add(`${p.FORENAME} ${p.SURNAME}`);
      if (p.SURNAME && p.SURNAME.length >= 5) personal.add(p.SURNAME);
      if (p.DOB && p.DOB.length >= 8) personal.add(p.DOB);
      if (p.EMAIL) personal.add(p.EMAIL);
    }
    // The project holds these values (its staged records): the scan looks for what is really there.
    const project = openSqlite(projectPath, { readonly: true });
    const staged = (project.prepare('SELECT payload_json FROM staged_records').pluck().all() as string[]).join('\n');
    project.close();
    expect([...personal].filter((v) => staged.includes(v)).length).toBeGreaterThan(40);
    const text = bundleBytes.toString('utf8');
    for (const value of personal) {
      for (const encoded of encodingsOf(value)) expect(bundleBytes.includes(encoded), `${value} in the bundle`).toBe(false);
      expect(text.toLowerCase().includes(value.toLowerCase()), `${value} (any case)`).toBe(false);
    }
  });
});
