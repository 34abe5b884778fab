import { createHash, randomBytes } from 'node:crypto';

/** Length of a data key in bytes (AES-256). */
export const DATA_KEY_BYTES = 32;

/** One data key and the id that names it in vault entries. */
export interface DataKey {
  /** First 16 hex digits of SHA-256 of the key: enough to tell keys apart, useless to an attacker. */
  id: string;
  key: Buffer;
  createdAt: string;
}

/**
 * The unlocked data keys of one user: the current key (new entries are sealed with it) and the
 * keys it replaced, kept so entries and other projects sealed before a key rotation still open.
 */
export class Keyring {
  private readonly byId: Map<string, DataKey>;

  constructor(
    readonly currentKeyId: string,
    keys: DataKey[],
  ) {
    this.byId = new Map(keys.map((k) => [k.id, k]));
    if (!this.byId.has(currentKeyId)) throw new Error('the keyring does not hold its current key');
  }

  current(): DataKey {
    return this.byId.get(this.currentKeyId) as DataKey;
  }

  get(keyId: string): DataKey | null {
    return this.byId.get(keyId) ?? null;
  }

  has(keyId: string): boolean {
    return this.byId.has(keyId);
  }

  keyIds(): string[] {
    return [...this.byId.keys()];
  }

  /** A keyring with a fresh current key; the old keys stay so older entries still open. */
  withNewKey(now: Date): Keyring {
    const fresh = newDataKey(now);
    return new Keyring(fresh.id, [fresh, ...this.byId.values()]);
  }

  /** The secret bytes a key-file slot protects. Only ever written sealed (see key-slots.ts). */
  toPayload(): Buffer {
    const body: KeyringPayload = {
      v: 1,
      current: this.currentKeyId,
      keys: [...this.byId.values()].map((k) => ({ id: k.id, key: k.key.toString('base64'), createdAt: k.createdAt })),
    };
    return Buffer.from(JSON.stringify(body), 'utf8');
  }

  /** Reads a payload back; null when it is not a well-formed keyring whose ids match its keys. */
  static fromPayload(payload: Buffer): Keyring | null {
    let body: KeyringPayload;
    try {
      body = JSON.parse(payload.toString('utf8')) as KeyringPayload;
    } catch {
      return null;
    }
    if (body?.v !== 1 || typeof body.current !== 'string' || !Array.isArray(body.keys)) return null;
    const keys: DataKey[] = [];
    for (const k of body.keys) {
      if (typeof k?.key !== 'string' || typeof k.id !== 'string') return null;
      const key = Buffer.from(k.key, 'base64');
      if (key.length !== DATA_KEY_BYTES || keyIdOf(key) !== k.id) return null;
      keys.push({ id: k.id, key, createdAt: typeof k.createdAt === 'string' ? k.createdAt : '' });
    }
    if (!keys.some((k) => k.id === body.current)) return null;
    return new Keyring(body.current, keys);
  }

  static create(now: Date): Keyring {
    const key = newDataKey(now);
    return new Keyring(key.id, [key]);
  }
}

interface KeyringPayload {
  v: 1;
  current: string;
  keys: { id: string; key: string; createdAt: string }[];
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function newDataKey(now: Date): DataKey {
  const key = randomBytes(DATA_KEY_BYTES);
  return { id: keyIdOf(key), key, createdAt: now.toISOString() };
}
