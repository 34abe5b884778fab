import type { KeyWrapper } from '../engine/security/key-slots';

/**
 * The vault key's OS-keychain slot in the desktop app. Electron's safeStorage only exists in the
 * main process, while the engine (which owns the key file) runs in a utility process and never
 * imports electron. So the engine asks main over `process.parentPort`: a request names an
 * operation, main answers with the same id. This file holds both halves and imports no electron;
 * main hands in `safeStorage`, tests hand in a fake.
 */

/** Written into the key file's `wrapped` slot; only a host with this wrapper opens it. */
export const SAFE_STORAGE_WRAPPER = 'electron-safe-storage';

/** The engine asks main. `data` is base64. */
export interface KeychainRequest {
  type: 'keychain';
  id: number;
  op: 'available' | 'wrap' | 'unwrap';
  data?: string;
}

/** Main answers: `data` is base64 for wrap/unwrap; `available` for the availability question. */
export type KeychainReply = { type: 'keychain-reply'; id: number; ok: true; data?: string; available?: boolean } | { type: 'keychain-reply'; id: number; ok: false; error: string };

/** The part of Electron's `safeStorage` used here (structural, so tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs it; `basic_text` means none (a fixed, public password). */
  getSelectedStorageBackend?(): string;
}

/**
 * Whether safeStorage really protects anything here. On Linux without a secret service Electron
 * falls back to `basic_text`, a password compiled into Chromium: that is no protection, so it
 * counts as unavailable and the key file alone protects the key.
 */
export function safeStorageUsable(storage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  try {
    if (!storage.isEncryptionAvailable()) return false;
    if (platform === 'linux' && storage.getSelectedStorageBackend) {
      const backend = storage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Main's half: answers one message from the engine process, or returns null when the message is
 * not a keychain request (the engine also reports `ready` and `shutdown-complete` on this line).
 * Never throws: a failure becomes an `ok: false` reply, which the engine treats as "keychain
 * unusable" and falls back to the key file.
 */
export function answerKeychainRequest(storage: SafeStorageLike, message: unknown, platform: NodeJS.Platform = process.platform): KeychainReply | null {
  if (!isKeychainRequest(message)) return null;
  const { id, op } = message;
  try {
    if (op === 'available') return { type: 'keychain-reply', id, ok: true, available: safeStorageUsable(storage, platform) };
    if (!safeStorageUsable(storage, platform)) return { type: 'keychain-reply', id, ok: false, error: 'The OS keychain is not available.' };
    if (typeof message.data !== 'string') return { type: 'keychain-reply', id, ok: false, error: 'The request carried no data.' };
    if (op === 'wrap') {
      // safeStorage seals strings; the key's bytes travel as base64 text inside the seal.
      return { type: 'keychain-reply', id, ok: true, data: storage.encryptString(message.data).toString('base64') };
    }
    return { type: 'keychain-reply', id, ok: true, data: storage.decryptString(Buffer.from(message.data, 'base64')) };
  } catch (err) {
    return { type: 'keychain-reply', id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function isKeychainRequest(message: unknown): message is KeychainRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<KeychainRequest>;
  return m.type === 'keychain' && typeof m.id === 'number' && (m.op === 'available' || m.op === 'wrap' || m.op === 'unwrap');
}

/** The part of the utility process's `process.parentPort` the engine half uses. */
export interface KeychainPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface RemoteKeyWrapperOptions {
  /** How long main may take to answer `wrap`/`unwrap` (macOS may ask the user first). Default 60 s. */
  timeoutMs?: number;
  /** How long main may take to say whether the keychain is there. Default 10 s. */
  availabilityTimeoutMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The engine's half: a {@link KeyWrapper} whose every call is a request to main. An unanswered
 * request times out and fails, so a stuck main process makes the engine fall back to the key file
 * rather than hang.
 */
export function remoteKeyWrapper(port: KeychainPortLike, options: RemoteKeyWrapperOptions = {}): KeyWrapper {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const pending = new Map<number, { resolve(reply: KeychainReply): void; timer: unknown }>();
  let nextId = 1;

  port.on('message', (event) => {
    const reply = event.data as Partial<KeychainReply> | null;
    if (!reply || typeof reply !== 'object' || reply.type !== 'keychain-reply' || typeof reply.id !== 'number') return;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    clearTimer(waiting.timer);
    waiting.resolve(reply as KeychainReply);
  });

  const ask = (op: KeychainRequest['op'], data: Buffer | undefined, timeoutMs: number): Promise<KeychainReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimer(() => {
        pending.delete(id);
        reject(new Error(`the desktop app did not answer the keychain request within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      pending.set(id, { resolve, timer });
      const request: KeychainRequest = { type: 'keychain', id, op, ...(data ? { data: data.toString('base64') } : {}) };
      port.postMessage(request);
    });

  const bytes = async (op: 'wrap' | 'unwrap', data: Buffer): Promise<Buffer> => {
    const reply = await ask(op, data, options.timeoutMs ?? 60_000);
    if (!reply.ok) throw new Error(`the OS keychain refused: ${reply.error}`);
    if (typeof reply.data !== 'string') throw new Error('the OS keychain answered without data');
    return Buffer.from(reply.data, 'base64');
  };

  return {
    kind: SAFE_STORAGE_WRAPPER,
    async available() {
      try {
        const reply = await ask('available', undefined, options.availabilityTimeoutMs ?? 10_000);
        return reply.ok && reply.available === true;
      } catch {
        return false;
      }
    },
    wrap: (key) => bytes('wrap', key),
    unwrap: (blob) => bytes('unwrap', blob),
  };
}
