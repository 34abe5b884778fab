import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type BinaryLike, type ScryptOptions } from 'node:crypto';

/**
 * Something that can lock bytes to this user on this machine, such as Electron's safeStorage
 * (the OS keychain). The desktop shell provides one; the engine only sees this interface and never
 * imports electron. Asynchronous because the keychain lives in Electron's main process while the
 * engine runs in a utility process: every call is a message there and back.
 */
export interface KeyWrapper {
  /** Stable name written into the key file, e.g. `electron-safe-storage`. */
  kind: string;
  /** Whether the keychain can be used now (false, say, on Linux without a secret service). */
  available(): Promise<boolean>;
  wrap(key: Buffer): Promise<Buffer>;
  unwrap(blob: Buffer): Promise<Buffer>;
}

/** scrypt work factors. N must be a power of two; the defaults follow OWASP's minimum (2^17, 8, 1). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/** The ways one copy of the keyring can be kept in the key file. */
export type KeySlotKind = 'file' | 'wrapped' | 'passphrase';

/** Only the key file's permissions protect it: any program running as this user can open it. */
export interface FileSlot {
  kind: 'file';
  payload: string;
}

/** Sealed by a {@link KeyWrapper}; only a host holding a wrapper of the same kind opens it. */
export interface WrappedSlot {
  kind: 'wrapped';
  wrapper: string;
  blob: string;
}

/** Sealed with AES-256-GCM under a key derived from a passphrase with scrypt (salt kept here). */
export interface PassphraseSlot {
  kind: 'passphrase';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  nonce: string;
  ciphertext: string;
  tag: string;
}

export type KeySlot = FileSlot | WrappedSlot | PassphraseSlot;

/** A key derived from a passphrase, kept in memory so the slot can be sealed again without asking. */
export interface PassphraseKey {
  kek: Buffer;
  kdf: PassphraseSlot['kdf'];
}

const SLOT_AAD = Buffer.from('academia-studio vault key slot v1', 'utf8');

export function sealFileSlot(payload: Buffer): FileSlot {
  return { kind: 'file', payload: payload.toString('base64') };
}

export function openFileSlot(slot: FileSlot): Buffer {
  return Buffer.from(slot.payload, 'base64');
}

export async function sealWrappedSlot(payload: Buffer, wrapper: KeyWrapper): Promise<WrappedSlot> {
  return { kind: 'wrapped', wrapper: wrapper.kind, blob: (await wrapper.wrap(payload)).toString('base64') };
}

export function openWrappedSlot(slot: WrappedSlot, wrapper: KeyWrapper): Promise<Buffer> {
  return wrapper.unwrap(Buffer.from(slot.blob, 'base64'));
}

/** Derives a fresh key-encryption key (new salt) from a passphrase. */
export async function newPassphraseKey(passphrase: string, cost: ScryptCost): Promise<PassphraseKey> {
  const kdf = { name: 'scrypt' as const, N: cost.N, r: cost.r, p: cost.p, salt: randomBytes(16).toString('base64') };
  return { kek: await deriveKek(passphrase, kdf), kdf };
}

export function sealPassphraseSlot(payload: Buffer, key: PassphraseKey): PassphraseSlot {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.kek, nonce);
  cipher.setAAD(SLOT_AAD);
  const ciphertext = Buffer.concat([cipher.update(payload), cipher.final()]);
  return { kind: 'passphrase', kdf: key.kdf, nonce: nonce.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Opens a passphrase slot; null when the passphrase is not the one that sealed it. */
export async function openPassphraseSlot(slot: PassphraseSlot, passphrase: string): Promise<{ payload: Buffer; key: PassphraseKey } | null> {
  const kek = await deriveKek(passphrase, slot.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.nonce, 'base64'));
    decipher.setAAD(SLOT_AAD);
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
    const payload = Buffer.concat([decipher.update(Buffer.from(slot.ciphertext, 'base64')), decipher.final()]);
    return { payload, key: { kek, kdf: slot.kdf } };
  } catch {
    return null;
  }
}

/** Whether scrypt parameters read from a key file are sane (a power-of-two N, bounded memory). */
export function isAcceptableScryptCost(c: { N: number; r: number; p: number }): boolean {
  const powerOfTwo = Number.isInteger(c.N) && c.N >= 2 && (c.N & (c.N - 1)) === 0;
  return powerOfTwo && c.N <= 2 ** 20 && Number.isInteger(c.r) && c.r >= 1 && c.r <= 32 && Number.isInteger(c.p) && c.p >= 1 && c.p <= 16 && 128 * c.N * c.r <= 1024 * 1024 * 1024;
}

function deriveKek(passphrase: string, kdf: PassphraseSlot['kdf']): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  // NFC so the same passphrase typed on macOS and Windows derives the same key.
  return scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, options);
}

function scrypt(password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}
