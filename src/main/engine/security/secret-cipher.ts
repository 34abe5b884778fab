import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey } from './keyring';

/** One secret as stored: which key sealed it, and the AES-256-GCM parts. */
export interface SealedSecret {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * The secret's name and purpose bound into the seal (GCM associated data): a ciphertext moved to
 * another row, or a row relabelled to another purpose, no longer opens. JSON keeps the two
 * fields unambiguous whatever characters they contain.
 */
function associatedData(name: string, purpose: string): Buffer {
  return Buffer.from(JSON.stringify(['academia-studio vault v1', name, purpose]), 'utf8');
}

/** Seals a value with a fresh 12-byte nonce (never reused: random per call under a 256-bit key). */
export function sealSecret(key: DataKey, name: string, purpose: string, value: string): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(associatedData(name, purpose));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { keyId: key.id, nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Opens a sealed value; null when it does not authenticate (altered, or a different name/purpose). */
export function openSecret(key: DataKey, name: string, purpose: string, sealed: SealedSecret): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.nonce);
    decipher.setAAD(associatedData(name, purpose));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
