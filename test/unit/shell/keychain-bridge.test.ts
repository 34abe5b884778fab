import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME } from '../../../src/main/engine/security/key-file';
import { KeyStore } from '../../../src/main/engine/security/key-store';
import { answerKeychainRequest, remoteKeyWrapper, safeStorageUsable, SAFE_STORAGE_WRAPPER, type KeychainPortLike, type SafeStorageLike } from '../../../src/main/window/keychain-bridge';
import { tempDir } from '../../support/temp-dir';
import { TEST_SCRYPT } from '../security/security-helpers';

/** Stands in for Electron's safeStorage: strings sealed under a key only this fake holds. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { encrypted: number; decrypted: number } {
  const key = randomBytes(32);
  const storage = {
    encrypted: 0,
    decrypted: 0,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(text: string): Buffer {
      storage.encrypted++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(blob: Buffer): string {
      storage.decrypted++;
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
  return storage;
}

/**
 * The utility process's parent port wired to main's handler, as Electron delivers messages:
 * asynchronously, both ways. `answer: false` plays a main process that never replies.
 */
function linkedPort(storage: SafeStorageLike, options: { answer?: boolean; platform?: NodeJS.Platform } = {}): KeychainPortLike & { sent: unknown[] } {
  const listeners: ((event: { data: unknown }) => void)[] = [];
  const port = {
    sent: [] as unknown[],
    on(_event: 'message', listener: (event: { data: unknown }) => void) {
      listeners.push(listener);
    },
    postMessage(message: unknown) {
      port.sent.push(message);
      if (options.answer === false) return;
      setImmediate(() => {
        const reply = answerKeychainRequest(storage, structuredClone(message), options.platform ?? 'linux');
        if (reply) for (const l of listeners) l({ data: structuredClone(reply) });
      });
    },
  };
  return port;
}

describe('safeStorage through the engine process', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: string;
  let logs: string[];
  const desktop = (storage: SafeStorageLike, platform: NodeJS.Platform = 'linux') =>
    new KeyStore({ configDir: config, env: {}, scryptCost: TEST_SCRYPT, wrapper: remoteKeyWrapper(linkedPort(storage, { platform })), log: (m) => logs.push(m) });
  const cli = () => new KeyStore({ configDir: config, env: {}, scryptCost: TEST_SCRYPT, log: (m) => logs.push(m) });
  const slots = () => (JSON.parse(readFileSync(join(config, KEY_FILE_NAME), 'utf8')) as { slots: { kind: string; wrapper?: string }[] }).slots;

  beforeEach(() => {
    dir = tempDir();
    config = join(dir.path, 'config');
    logs = [];
  });
  afterEach(() => dir.cleanup());

  it('seals a copy of the key with the keychain beside the key file slot; the CLI still opens the key file', async () => {
    const storage = fakeSafeStorage();
    const created = await desktop(storage).openOrCreate();
    expect(slots()).toEqual([{ kind: 'file', payload: expect.any(String) }, { kind: 'wrapped', wrapper: SAFE_STORAGE_WRAPPER, blob: expect.any(String) }]);
    expect(storage.encrypted).toBe(1);
    // The next desktop start opens the keychain copy (and leaves the file as it is).
    const before = readFileSync(join(config, KEY_FILE_NAME), 'utf8');
    expect((await desktop(storage).open()).currentKeyId).toBe(created.currentKeyId);
    expect(storage.decrypted).toBe(1);
    expect(readFileSync(join(config, KEY_FILE_NAME), 'utf8')).toBe(before);
    // The web host and the CLI have no keychain: the key file slot opens for them.
    expect((await cli().open()).current().key.equals(created.current().key)).toBe(true);
    expect(logs).toEqual([]);
  });

  it('adds the keychain copy to a key the CLI created, and a CLI key rotation drops the copy it cannot reseal', async () => {
    const storage = fakeSafeStorage();
    const first = await cli().openOrCreate();
    expect(slots().map((s) => s.kind)).toEqual(['file']);
    await desktop(storage).open();
    expect(slots().map((s) => s.kind)).toEqual(['file', 'wrapped']);
    const rotated = await cli().rotateKey();
    expect(slots().map((s) => s.kind)).toEqual(['file']);
    // The desktop opens the rotated key from the file slot and seals it with the keychain again.
    const reopened = await desktop(storage).open();
    expect(reopened.currentKeyId).toBe(rotated.currentKeyId);
    expect(reopened.has(first.currentKeyId)).toBe(true);
    expect(slots().map((s) => s.kind)).toEqual(['file', 'wrapped']);
    expect((await desktop(storage).open()).currentKeyId).toBe(rotated.currentKeyId);
  });

  it('falls back to the key file alone when the keychain is unavailable, says so in the log, and never fails', async () => {
    for (const storage of [fakeSafeStorage({ available: false }), fakeSafeStorage({ backend: 'basic_text' })]) {
      logs = [];
      dir.cleanup();
      const keys = await desktop(storage).openOrCreate();
      expect(slots().map((s) => s.kind)).toEqual(['file']);
      expect(storage.encrypted).toBe(0);
      expect(logs).toEqual([expect.stringMatching(/not available on this computer.*key file alone/)]);
      expect((await cli().open()).currentKeyId).toBe(keys.currentKeyId);
    }
  });

  it('replaces a keychain copy the keychain no longer opens (a reset keychain) using the key file slot', async () => {
    await desktop(fakeSafeStorage()).openOrCreate();
    const before = slots()[1];
    const other = fakeSafeStorage(); // a different keychain key: the old copy no longer opens
    const keys = await desktop(other).open();
    expect(keys.currentKeyId).toBe((await cli().open()).currentKeyId);
    expect(slots()[1]).toMatchObject({ kind: 'wrapped', wrapper: SAFE_STORAGE_WRAPPER });
    expect(slots()[1]).not.toEqual(before);
    expect(other.decrypted).toBe(1);
    expect(other.encrypted).toBe(1);
  });

  it('a main process that never answers makes the engine fall back instead of hanging', async () => {
    const timers: (() => void)[] = [];
    const port = linkedPort(fakeSafeStorage(), { answer: false });
    const wrapper = remoteKeyWrapper(port, { setTimer: (callback) => timers.push(callback), clearTimer: () => undefined });
    const available = wrapper.available();
    const wrapped = wrapper.wrap(Buffer.from('key'));
    expect(port.sent).toEqual([
      { type: 'keychain', id: 1, op: 'available' },
      { type: 'keychain', id: 2, op: 'wrap', data: Buffer.from('key').toString('base64') },
    ]);
    for (const fire of timers) fire();
    await expect(available).resolves.toBe(false);
    await expect(wrapped).rejects.toThrow(/did not answer/);
  });
});

describe('main side of the keychain bridge', () => {
  it('answers only keychain requests, and turns failures into replies instead of throwing', () => {
    const storage = fakeSafeStorage();
    expect(answerKeychainRequest(storage, { type: 'ready' })).toBeNull();
    expect(answerKeychainRequest(storage, { type: 'keychain', id: 'x', op: 'wrap' })).toBeNull();
    expect(answerKeychainRequest(storage, { type: 'keychain', id: 1, op: 'steal' })).toBeNull();
    expect(answerKeychainRequest(storage, { type: 'keychain', id: 2, op: 'unwrap', data: Buffer.from('not sealed by this keychain, long enough').toString('base64') })).toMatchObject({ id: 2, ok: false, error: expect.any(String) });
    expect(answerKeychainRequest(storage, { type: 'keychain', id: 3, op: 'wrap' })).toMatchObject({ id: 3, ok: false });
    const sealed = answerKeychainRequest(storage, { type: 'keychain', id: 4, op: 'wrap', data: Buffer.from('payload').toString('base64') });
    expect(sealed).toMatchObject({ id: 4, ok: true, data: expect.any(String) });
    const opened = answerKeychainRequest(storage, { type: 'keychain', id: 5, op: 'unwrap', data: (sealed as { data: string }).data });
    expect(Buffer.from((opened as { data: string }).data, 'base64').toString()).toBe('payload');
    expect(answerKeychainRequest(fakeSafeStorage({ available: false }), { type: 'keychain', id: 6, op: 'wrap', data: 'AA==' })).toMatchObject({ id: 6, ok: false, error: expect.stringMatching(/not available/) });
  });

  it("treats Linux's basic_text fallback as no keychain, but not on other systems", () => {
    expect(safeStorageUsable(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toBe(false);
    expect(safeStorageUsable(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).toBe(true);
    expect(safeStorageUsable(fakeSafeStorage({ backend: 'basic_text' }), 'darwin')).toBe(true);
    expect(safeStorageUsable(fakeSafeStorage({ available: false }), 'win32')).toBe(false);
    expect(safeStorageUsable({ ...fakeSafeStorage(), isEncryptionAvailable: () => { throw new Error('app not ready'); } }, 'win32')).toBe(false);
  });
});
