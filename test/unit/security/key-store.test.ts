import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyStore, PASSPHRASE_ENV, type KeyStoreOptions } from '../../../src/main/engine/security/key-store';
import { KEY_FILE_NAME } from '../../../src/main/engine/security/key-file';
import { tempDir } from '../../support/temp-dir';
import { fakeKeychain, failure, TEST_SCRYPT } from './security-helpers';

const PASS = 'correct horse battery staple';

describe('key store', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: string;
  const store = (extra: Partial<KeyStoreOptions> = {}) => new KeyStore({ configDir: config, env: {}, scryptCost: TEST_SCRYPT, ...extra });
  const keyFile = () => join(config, KEY_FILE_NAME);

  beforeEach(() => {
    dir = tempDir();
    config = join(dir.path, 'config');
  });
  afterEach(() => dir.cleanup());

  it('creates a 32-byte key in an owner-only key file, and a second host as the same user opens the same key', async () => {
    const first = await store().openOrCreate();
    expect(first.current().key).toHaveLength(32);
    expect(first.currentKeyId).toMatch(/^[0-9a-f]{16}$/);
    if (process.platform !== 'win32') expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const again = await store().open();
    expect(again.currentKeyId).toBe(first.currentKeyId);
    expect(again.current().key.equals(first.current().key)).toBe(true);
    expect(store().describe()).toMatchObject({ currentKeyId: first.currentKeyId, slots: [{ kind: 'file' }] });
  });

  it('two hosts creating a key at the same moment end up with one key', async () => {
    const [a, b] = await Promise.all([store().openOrCreate(), store().openOrCreate()]);
    expect(a.currentKeyId).toBe(b.currentKeyId);
    expect((await store().open()).currentKeyId).toBe(a.currentKeyId);
  });

  it('says clearly that the key file is missing, and does not create one when only asked to open', async () => {
    const err = await failure(store().open());
    expect(err.code).toBe('VAULT_KEY_MISSING');
    expect(err.message).toContain(keyFile());
    expect(err.hint).toMatch(/copy vault-key\.json|enter the secrets again/i);
    expect(existsSync(keyFile())).toBe(false);
  });

  it('refuses a key file other accounts can read, and leaves it as it is', async () => {
    await store().openOrCreate();
    const before = readFileSync(keyFile());
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      chmodSync(keyFile(), mode);
      const err = await failure(store({ platform: 'linux' }).openOrCreate());
      expect(err.code).toBe('VAULT_KEY_PERMISSIONS');
      expect(err.hint).toContain(`chmod 600 ${keyFile()}`);
      expect(readFileSync(keyFile()).equals(before)).toBe(true);
      expect(statSync(keyFile()).mode & 0o777).toBe(mode);
    }
  });

  it('refuses a key file owned by another account', async () => {
    await store().openOrCreate();
    const owner = statSync(keyFile()).uid;
    const err = await failure(store({ uid: owner + 1, platform: 'linux' }).open());
    expect(err.code).toBe('VAULT_KEY_PERMISSIONS');
    expect(err.message).toMatch(/another account/);
  });

  it('on Windows, where permissions cannot be checked this way, warns once and opens the key', async () => {
    const created = await store().openOrCreate();
    chmodSync(keyFile(), 0o644);
    const warnings: string[] = [];
    const windows = store({ platform: 'win32', warn: (m) => warnings.push(m) });
    expect((await windows.open()).currentKeyId).toBe(created.currentKeyId);
    windows.lock();
    await windows.open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot check who may read/);
  });

  it('never replaces a damaged or foreign key file with a new key', async () => {
    await store().openOrCreate();
    for (const content of ['{ not json', JSON.stringify({ format: 'something-else' }), '']) {
      writeFileSync(keyFile(), content, { mode: 0o600 });
      chmodSync(keyFile(), 0o600);
      const err = await failure(store().openOrCreate());
      expect(err.code).toBe('VAULT_KEY_UNREADABLE');
      expect(readFileSync(keyFile(), 'utf8')).toBe(content);
    }
  });

  it('notices a key file whose key does not match its id', async () => {
    await store().openOrCreate();
    const file = JSON.parse(readFileSync(keyFile(), 'utf8'));
    const payload = JSON.parse(Buffer.from(file.slots[0].payload, 'base64').toString('utf8'));
    payload.keys[0].key = Buffer.alloc(32, 7).toString('base64');
    file.slots[0].payload = Buffer.from(JSON.stringify(payload)).toString('base64');
    writeFileSync(keyFile(), JSON.stringify(file), { mode: 0o600 });
    expect((await failure(store().open())).code).toBe('VAULT_KEY_UNREADABLE');
  });

  describe('passphrase', () => {
    it('creates a passphrase-protected key that holds no key in clear, and opens it unattended from the environment', async () => {
      const created = await store({ env: { [PASSPHRASE_ENV]: PASS } }).openOrCreate();
      const text = readFileSync(keyFile(), 'utf8');
      expect(JSON.parse(text).slots.map((s: { kind: string }) => s.kind)).toEqual(['passphrase']);
      expect(text).not.toContain(created.current().key.toString('base64'));
      expect(text).not.toContain(created.current().key.toString('hex'));
      expect(JSON.parse(text).slots[0].kdf).toMatchObject({ name: 'scrypt', N: TEST_SCRYPT.N, r: 8, p: 1 });
      const job = await store({ env: { [PASSPHRASE_ENV]: PASS } }).open();
      expect(job.currentKeyId).toBe(created.currentKeyId);
    });

    it('uses the production cost (N ≥ 2^15) unless told otherwise', async () => {
      const { DEFAULT_SCRYPT_COST } = await import('../../../src/main/engine/security/key-slots');
      expect(DEFAULT_SCRYPT_COST.N).toBeGreaterThanOrEqual(2 ** 15);
    });

    it('fails clearly on a wrong passphrase and changes nothing', async () => {
      await store({ env: { [PASSPHRASE_ENV]: PASS } }).openOrCreate();
      const before = readFileSync(keyFile());
      const err = await failure(store({ env: { [PASSPHRASE_ENV]: 'not the passphrase at all' } }).openOrCreate());
      expect(err.code).toBe('VAULT_WRONG_PASSPHRASE');
      expect(err.message).toContain(PASSPHRASE_ENV);
      expect(err.message).not.toContain('not the passphrase at all');
      expect(readFileSync(keyFile()).equals(before)).toBe(true);
      const given = await failure(store({ passphrase: 'also wrong, given directly' }).open());
      expect(given.code).toBe('VAULT_WRONG_PASSPHRASE');
      expect(readFileSync(keyFile()).equals(before)).toBe(true);
    });

    it('is locked, clearly, when no passphrase is available', async () => {
      await store({ env: { [PASSPHRASE_ENV]: PASS } }).openOrCreate();
      const err = await failure(store().open());
      expect(err.code).toBe('VAULT_KEY_LOCKED');
      expect(err.hint).toContain(PASSPHRASE_ENV);
    });

    it('asks through the prompt, again after a wrong answer, and gives up after three', async () => {
      const created = await store({ env: { [PASSPHRASE_ENV]: PASS } }).openOrCreate();
      const asked: number[] = [];
      const answers = ['wrong one', PASS];
      const opened = await store({ prompt: async (r) => (asked.push(r.attempt), answers.shift() ?? null) }).open();
      expect(opened.currentKeyId).toBe(created.currentKeyId);
      expect(asked).toEqual([1, 2]);
      const stubborn = await failure(store({ prompt: async () => 'always wrong' }).open());
      expect(stubborn.code).toBe('VAULT_WRONG_PASSPHRASE');
      const cancelled = await failure(store({ prompt: async () => null }).open());
      expect(cancelled.code).toBe('VAULT_KEY_LOCKED');
    });

    it('refuses a passphrase that is too short for a new key', async () => {
      const err = await failure(store({ env: { [PASSPHRASE_ENV]: 'short' } }).openOrCreate());
      expect(err.code).toBe('BAD_REQUEST');
      expect(existsSync(keyFile())).toBe(false);
    });

    it('writes a passphrase-only copy for an unattended job under another account, and never overwrites one', async () => {
      const desktop = store();
      const keys = await desktop.openOrCreate();
      const jobConfig = join(dir.path, 'job-account-config');
      const written = await desktop.writeUnattendedKeyFile(jobConfig, PASS);
      const text = readFileSync(written, 'utf8');
      expect(JSON.parse(text).slots.map((s: { kind: string }) => s.kind)).toEqual(['passphrase']);
      expect(text).not.toContain(keys.current().key.toString('base64'));
      const job = await new KeyStore({ configDir: jobConfig, env: { [PASSPHRASE_ENV]: PASS }, scryptCost: TEST_SCRYPT }).open();
      expect(job.currentKeyId).toBe(keys.currentKeyId);
      expect((await failure(desktop.writeUnattendedKeyFile(jobConfig, PASS))).code).toBe('BAD_REQUEST');
      expect(readFileSync(written, 'utf8')).toBe(text);
    });
  });

  describe('OS keychain wrapper', () => {
    it('seals the key with the wrapper; a host without it is told to add a passphrase', async () => {
      const keychain = fakeKeychain();
      const desktop = store({ wrapper: keychain, createProtection: 'wrapped' });
      const keys = await desktop.openOrCreate();
      const file = JSON.parse(readFileSync(keyFile(), 'utf8'));
      expect(file.slots).toEqual([expect.objectContaining({ kind: 'wrapped', wrapper: 'test-keychain' })]);
      expect((await store({ wrapper: keychain }).open()).currentKeyId).toBe(keys.currentKeyId);
      const cli = await failure(store().open());
      expect(cli.code).toBe('VAULT_KEY_LOCKED');
      expect(cli.hint).toMatch(/add a passphrase/i);
    });

    it('lets the desktop add a passphrase so the CLI opens the same key', async () => {
      const keychain = fakeKeychain();
      const desktop = store({ wrapper: keychain, createProtection: 'wrapped' });
      const keys = await desktop.openOrCreate();
      await store({ wrapper: keychain, passphrase: PASS }).addSlot('passphrase');
      expect(store().describe()?.slots.map((s) => s.kind).sort()).toEqual(['passphrase', 'wrapped']);
      const cli = await store({ env: { [PASSPHRASE_ENV]: PASS } }).open();
      expect(cli.currentKeyId).toBe(keys.currentKeyId);
    });

    it('falls back to another slot when the keychain refuses, and says so when there is none', async () => {
      const keychain = fakeKeychain();
      const keys = await store({ wrapper: keychain, createProtection: 'wrapped' }).openOrCreate();
      const broken = { ...keychain, unwrap: async (): Promise<Buffer> => { throw new Error('keychain locked'); } };
      expect((await failure(store({ wrapper: broken }).open())).code).toBe('VAULT_KEY_UNREADABLE');
      await store({ wrapper: keychain, passphrase: PASS }).addSlot('passphrase');
      expect((await store({ wrapper: broken, passphrase: PASS }).open()).currentKeyId).toBe(keys.currentKeyId);
    });

    it('will not remove the only protection a key has', async () => {
      await store().openOrCreate();
      expect((await failure(store().removeSlot('file'))).code).toBe('BAD_REQUEST');
      expect(store().describe()?.slots).toEqual([{ kind: 'file' }]);
    });
  });

  it('rotates to a new current key and keeps the old one for entries sealed before', async () => {
    const old = await store().openOrCreate();
    const rotated = await store().rotateKey();
    expect(rotated.currentKeyId).not.toBe(old.currentKeyId);
    const reopened = await store().open();
    expect(reopened.currentKeyId).toBe(rotated.currentKeyId);
    expect(reopened.get(old.currentKeyId)?.key.equals(old.current().key)).toBe(true);
    expect(store().describe()?.keyIds.sort()).toEqual([old.currentKeyId, rotated.currentKeyId].sort());
  });

  it('rotating a passphrase-protected key keeps it openable with the same passphrase', async () => {
    const env = { [PASSPHRASE_ENV]: PASS };
    const old = await store({ env }).openOrCreate();
    const rotated = await store({ env }).rotateKey();
    const reopened = await store({ env }).open();
    expect(reopened.currentKeyId).toBe(rotated.currentKeyId);
    expect(reopened.has(old.currentKeyId)).toBe(true);
  });

  it('does not drop a key another host added since this one unlocked', async () => {
    const early = store({ passphrase: PASS, createProtection: 'file' });
    const first = await early.openOrCreate();
    const rotated = await store().rotateKey();
    await early.addSlot('passphrase');
    const after = await store().open();
    expect(store().describe()?.slots.map((s) => s.kind).sort()).toEqual(['file', 'passphrase']);
    expect(after.currentKeyId).toBe(rotated.currentKeyId);
    expect(after.has(first.currentKeyId)).toBe(true);
  });
});
