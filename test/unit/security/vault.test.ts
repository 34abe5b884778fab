import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../src/platform/open-sqlite';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { KeyStore } from '../../../src/main/engine/security/key-store';
import { connectionSecretName, SECRET_PURPOSES } from '../../../src/main/engine/security/secret-names';
import { Vault } from '../../../src/main/engine/security/vault';
import { tempDir } from '../../support/temp-dir';
import { failure, openSecurityDb, TEST_SCRYPT } from './security-helpers';

const PW = SECRET_PURPOSES.connectionPassword;
const VALUE = 'Pl@nted-S3cret-9f2c';

type Row = { name: string; purpose: string; key_id: string; nonce: Buffer; ciphertext: Buffer; tag: Buffer; created_at: string; rotated_at: string | null };

describe('vault', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: SqliteDatabase;
  let keys: KeyStore;
  let vault: Vault;
  const clock = { t: 0 };
  const now = () => new Date(clock.t);
  const row = (name: string) => db.prepare('SELECT * FROM secrets WHERE name = ?').get(name) as Row;

  beforeEach(() => {
    clock.t = Date.parse('2025-09-01T08:00:00Z');
    dir = tempDir();
    db = openSecurityDb(dir.path);
    keys = new KeyStore({ configDir: join(dir.path, 'config'), env: {}, scryptCost: TEST_SCRYPT });
    vault = new Vault(db, keys, { now });
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  it('stores a secret sealed and hands it only to a callback', async () => {
    const name = connectionSecretName('c1');
    expect(await vault.status(name)).toBe('missing');
    expect(vault.has(name)).toBe(false);
    await vault.set(name, PW, VALUE);
    expect(vault.has(name)).toBe(true);
    expect(await vault.status(name)).toBe('set');
    expect(await vault.use(name, (v) => v.length)).toBe(VALUE.length);
    expect(await vault.use(name, async (v) => v === VALUE)).toBe(true);
    const r = row(name);
    expect(r.purpose).toBe(PW);
    expect(r.key_id).toBe((await keys.open()).currentKeyId);
    expect(r.nonce).toHaveLength(12);
    expect(r.tag).toHaveLength(16);
    expect(r.ciphertext.includes(Buffer.from(VALUE))).toBe(false);
    expect(r.created_at).toBe('2025-09-01T08:00:00.000Z');
    expect(r.rotated_at).toBeNull();
  });

  it('uses a fresh nonce every time, so the same value never seals the same way twice', async () => {
    await vault.set('a', PW, VALUE);
    const first = row('a');
    await vault.set('a', PW, VALUE);
    const second = row('a');
    expect(second.nonce.equals(first.nonce)).toBe(false);
    expect(second.ciphertext.equals(first.ciphertext)).toBe(false);
    await vault.set('b', PW, VALUE);
    expect(row('b').nonce.equals(second.nonce)).toBe(false);
  });

  it('binds name and purpose to the value: a moved or relabelled ciphertext does not open', async () => {
    await vault.set('connection:a:password', PW, 'value-of-a');
    await vault.set('connection:b:password', PW, 'value-of-b');
    const a = row('connection:a:password');
    db.prepare('UPDATE secrets SET nonce = ?, ciphertext = ?, tag = ? WHERE name = ?').run(a.nonce, a.ciphertext, a.tag, 'connection:b:password');
    expect(await vault.status('connection:b:password')).toBe('needs-reentry');
    const moved = await failure(vault.use('connection:b:password', () => 'opened'));
    expect(moved.code).toBe('VAULT_SECRET_DAMAGED');
    db.prepare('UPDATE secrets SET purpose = ? WHERE name = ?').run(SECRET_PURPOSES.smtpPassword, 'connection:a:password');
    expect((await failure(vault.use('connection:a:password', () => 'opened'))).code).toBe('VAULT_SECRET_DAMAGED');
  });

  it('lists secrets with their status and never their values', async () => {
    await vault.set('connection:x:password', PW, VALUE);
    await vault.set('target:client-secret', SECRET_PURPOSES.targetClientSecret, 'other-planted-value');
    const list = await vault.list();
    expect(list.map((s) => [s.name, s.status])).toEqual([
      ['connection:x:password', 'set'],
      ['target:client-secret', 'set'],
    ]);
    const text = JSON.stringify(list);
    expect(text).not.toContain(VALUE);
    expect(text).not.toContain('other-planted-value');
    expect(await vault.listNeedingReentry()).toEqual([]);
  });

  it('says what is wrong without ever putting the value in an error', async () => {
    expect((await failure(vault.use('nothing-here', () => 1))).code).toBe('VAULT_SECRET_NOT_SET');
    await vault.set('s', PW, VALUE);
    db.prepare("UPDATE secrets SET key_id = 'ffffffffffffffff' WHERE name = 's'").run();
    const err = await failure(vault.use('s', () => 1));
    expect(err.code).toBe('VAULT_NEEDS_REENTRY');
    expect(err.message).toMatch(/another user or on another computer/);
    expect(err.hint).toMatch(/Enter it again/);
    expect(JSON.stringify({ ...err.toJSON(), stack: err.stack })).not.toContain(VALUE);
  });

  it('names the secret the way the caller describes it', async () => {
    const named = new Vault(db, keys, { describe: (name) => `the password of the connection "SIS" (${name})` });
    const err = await failure(named.use('connection:sis:password', () => 1));
    expect(err.message).toContain('the password of the connection "SIS"');
  });

  it('refuses a missing name or purpose', async () => {
    expect((await failure(vault.set('', PW, VALUE))).code).toBe('BAD_REQUEST');
    expect((await failure(vault.set('x', ' ', VALUE))).code).toBe('BAD_REQUEST');
    expect(vault.has('x')).toBe(false);
  });

  it('forgets a secret', async () => {
    await vault.set('s', PW, VALUE);
    expect(vault.forget('s')).toBe(true);
    expect(vault.forget('s')).toBe(false);
    expect(await vault.status('s')).toBe('missing');
  });

  it('rotates every readable secret to a new key, leaves foreign ones for re-entry, and keeps other projects readable', async () => {
    await vault.set('one', PW, 'first-value');
    await vault.set('two', PW, 'second-value');
    await vault.set('foreign', PW, 'third-value');
    db.prepare("UPDATE secrets SET key_id = '0123456789abcdef' WHERE name = 'foreign'").run();
    const otherDb = openSecurityDb(dir.path, 'other-project.db');
    const otherVault = new Vault(otherDb, keys);
    await otherVault.set('elsewhere', PW, 'other-project-value');
    const oldKey = (await keys.open()).currentKeyId;

    clock.t += 60_000;
    const result = await vault.rotate({ newKey: true });
    expect(result.keyId).not.toBe(oldKey);
    expect(result).toMatchObject({ resealed: 2, needsReentry: ['foreign'], damaged: [] });
    expect(row('one').key_id).toBe(result.keyId);
    expect(row('one').rotated_at).toBe('2025-09-01T08:01:00.000Z');
    expect(row('foreign').key_id).toBe('0123456789abcdef');
    expect(await vault.use('one', (v) => v)).toBe('first-value');
    expect(await vault.use('two', (v) => v)).toBe('second-value');
    expect((await vault.listNeedingReentry()).map((s) => s.name)).toEqual(['foreign']);
    // The other project was sealed with the old key, which the key file still holds.
    const fresh = new Vault(otherDb, new KeyStore({ configDir: join(dir.path, 'config'), env: {} }));
    expect(await fresh.use('elsewhere', (v) => v)).toBe('other-project-value');
    otherDb.close();
  });

  it('rotate without a new key re-seals under the current key', async () => {
    await vault.set('one', PW, 'first-value');
    const before = row('one');
    const result = await vault.rotate();
    expect(result.keyId).toBe(before.key_id);
    expect(row('one').nonce.equals(before.nonce)).toBe(false);
    expect(await vault.use('one', (v) => v)).toBe('first-value');
  });

  it('writes an audit entry for each change, in the same transaction, without the value', async () => {
    const audit = new AuditLog(db, { now, actor: 'tester@host' });
    const audited = new Vault(db, keys, { audit, now });
    await audited.set('connection:c:password', PW, VALUE);
    await audited.set('connection:c:password', PW, `${VALUE}-2`);
    await audited.rotate();
    audited.forget('connection:c:password');
    const entries = audit.list();
    expect(entries.map((e) => e.action)).toEqual(['vault.forget', 'vault.rotate', 'vault.replace', 'vault.set']);
    expect(entries[3]).toMatchObject({ object: 'connection:c:password', actor: 'tester@host' });
    expect(JSON.stringify(entries)).not.toContain(VALUE);
    expect(audit.verify()).toMatchObject({ valid: true, entries: 4 });

    // A change whose audit entry cannot be written does not happen either.
    db.exec("CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    await expect(audited.set('connection:d:password', PW, VALUE)).rejects.toThrow(/disk full/);
    expect(audited.has('connection:d:password')).toBe(false);
  });
});
