import { hkdfSync } from 'node:crypto';
import type { KeyStore } from './key-store';
import { keyIdOf, type Keyring } from './keyring';

/** HKDF `info` of the audit key: a distinct label, so the audit key is never the data key itself. */
const AUDIT_KEY_INFO = 'academia-studio audit key v1';

/** One audit key: HMAC-SHA256 key derived from one data key, named by the first 16 hex digits of its SHA-256. */
export interface AuditKey {
  id: string;
  key: Buffer;
}

/**
 * The audit keys of one user: one per data key in their keyring, derived with HKDF-SHA256 (no salt,
 * info {@link AUDIT_KEY_INFO}). Deriving instead of storing a second key means every existing way
 * of holding the keyring (file, keychain and passphrase slots, and `vault key-for-job` copies)
 * carries the audit key too, and a key rotation keeps the older audit keys (the keyring keeps the
 * older data keys), so entries written before it still check. The project file never holds one.
 */
export class AuditKeys {
  private readonly byId: Map<string, AuditKey>;

  private constructor(
    readonly current: AuditKey,
    keys: AuditKey[],
  ) {
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  static fromKeyring(keyring: Keyring): AuditKeys {
    const keys = keyring.keyIds().map((id) => deriveAuditKey((keyring.get(id) as { key: Buffer }).key));
    return new AuditKeys(deriveAuditKey(keyring.current().key), keys);
  }

  get(id: string): AuditKey | null {
    return this.byId.get(id) ?? null;
  }
}

export function deriveAuditKey(dataKey: Buffer): AuditKey {
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), AUDIT_KEY_INFO, 32));
  return { id: keyIdOf(key), key };
}

/**
 * This user's audit keys for reading a trail, or null (with why) when they cannot be had: no vault
 * key on this computer (a hand-over copy opened by someone else), or it is locked. Never creates a
 * key: checking a trail must not change anything.
 */
export async function readAuditKeys(store: KeyStore): Promise<{ keys: AuditKeys | null; why: string | null }> {
  if (!store.exists()) return { keys: null, why: `there is no vault key for this user (${store.file})` };
  try {
    return { keys: AuditKeys.fromKeyring(await store.open()), why: null };
  } catch (err) {
    return { keys: null, why: err instanceof Error ? err.message : String(err) };
  }
}
