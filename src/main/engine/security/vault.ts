import { StudioError } from '../../../shared/errors';
import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { AuditLog } from './audit-log';
import type { Keyring } from './keyring';
import { openSecret, sealSecret, type SealedSecret } from './secret-cipher';

/** `needs-reentry`: stored, but sealed with a key this user does not hold (another user or computer, or an exported copy). */
export type SecretStatus = 'set' | 'missing' | 'needs-reentry';

/** What may be said about a stored secret: everything except its value. */
export interface SecretInfo {
  name: string;
  purpose: string;
  status: Exclude<SecretStatus, 'missing'>;
  /** Id of the key that sealed it (not secret; tells which key file would open it). */
  keyId: string;
  createdAt: string;
  rotatedAt: string | null;
}

/** What {@link Vault.rotate} did. */
export interface RotationResult {
  /** The key every readable secret is now sealed with. */
  keyId: string;
  resealed: number;
  /** Secrets sealed with a key this user does not hold: left as they are, to be entered again. */
  needsReentry: string[];
  /** Secrets that no longer authenticate under their own key (altered in the file): left as they are. */
  damaged: string[];
}

/** Where the vault gets its data keys: a {@link KeyStore} in practice. */
export interface VaultKeySource {
  readonly file: string;
  /** Unlocks the existing key file; throws VAULT_KEY_MISSING when there is none. */
  open(): Promise<Keyring>;
  /** Unlocks the key file, creating one only when none exists. */
  openOrCreate(): Promise<Keyring>;
  /** Starts a new current key, keeping the old ones. */
  rotateKey(): Promise<Keyring>;
}

export interface VaultOptions {
  /** When given, every change (set, forget, rotate) writes an audit entry in the same transaction. */
  audit?: AuditLog | null;
  now?: () => Date;
  /**
   * How a secret is named to a person in errors, e.g. `the password of the connection "SIS"`.
   * Defaults to the secret's name. Must never include a value.
   */
  describe?: (name: string, purpose: string) => string;
}

type SecretRow = { name: string; purpose: string; key_id: string; nonce: Buffer; ciphertext: Buffer; tag: Buffer; created_at: string; rotated_at: string | null };

const MAX_NAME_LENGTH = 300;

/** The key id of an entry whose sealed value was removed from an exported copy of a project. */
export const EXPORTED_KEY_ID = 'exported';

/**
 * The project's secrets, stored only sealed (AES-256-GCM under the user's data key, a fresh
 * nonce each time, name and purpose as associated data) in the project file's `secrets` table.
 *
 * A value leaves the vault only through {@link use}, into a callback: nothing here returns it,
 * logs it or puts it in an error. Services hand the renderer {@link status}/{@link list} only.
 */
export class Vault {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly keys: VaultKeySource,
    private readonly options: VaultOptions = {},
  ) {}

  /** Stores (or replaces) a secret, sealed with the current key. Creates the key file on first use. */
  async set(name: string, purpose: string, value: string): Promise<void> {
    checkName(name, purpose);
    if (typeof value !== 'string') throw new StudioError('BAD_REQUEST', `The value for ${this.label(name, purpose)} must be text.`, 'Enter the secret again.');
    const keyring = await this.keys.openOrCreate();
    const sealed = sealSecret(keyring.current(), name, purpose, value);
    const now = this.now();
    this.db
      .transaction(() => {
        const existing = this.row(name);
        this.db
          .prepare(
            `INSERT INTO secrets (name, purpose, key_id, nonce, ciphertext, tag, created_at, rotated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
             ON CONFLICT(name) DO UPDATE SET purpose = excluded.purpose, key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, rotated_at = ?`,
          )
          .run(name, purpose, sealed.keyId, sealed.nonce, sealed.ciphertext, sealed.tag, now, now);
        this.options.audit?.append({
          action: existing ? 'vault.replace' : 'vault.set',
          object: name,
          summary: `${existing ? 'Replaced' : 'Stored'} the secret "${name}" (purpose: ${purpose}), sealed with key ${sealed.keyId}.`,
        });
      })
      .immediate();
  }

  /**
   * Hands the secret's value to `fn` and returns what `fn` returns. Throws VAULT_SECRET_NOT_SET,
   * VAULT_NEEDS_REENTRY or VAULT_SECRET_DAMAGED (never with the value) when it cannot.
   */
  async use<T>(name: string, fn: (value: string) => T | Promise<T>): Promise<T> {
    const row = this.row(name);
    if (!row) {
      throw new StudioError('VAULT_SECRET_NOT_SET', `No secret is stored for ${this.label(name)}.`, 'Enter it (for a connection: edit the connection and type its password).', { details: { name } });
    }
    const keyring = await this.readableKeys();
    const key = keyring?.get(row.key_id) ?? null;
    if (!key) throw this.needsReentry(row, keyring === null);
    const value = openSecret(key, row.name, row.purpose, sealedOf(row));
    if (value === null) {
      throw new StudioError(
        'VAULT_SECRET_DAMAGED',
        `The stored secret for ${this.label(row.name, row.purpose)} was altered in the project file and cannot be trusted.`,
        'Enter the secret again; if nobody edited the project file on purpose, check who has access to it.',
        { details: { name: row.name } },
      );
    }
    return await fn(value);
  }

  /** Whether an entry is stored under this name, whatever key sealed it (no key needed). */
  has(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
  }

  /** `set` only when the entry opens with a key this user holds. */
  async status(name: string): Promise<SecretStatus> {
    const row = this.row(name);
    if (!row) return 'missing';
    return this.statusOf(row, await this.readableKeys());
  }

  /** Every stored secret with its status, without values, ordered by name. */
  async list(): Promise<SecretInfo[]> {
    const rows = this.db.prepare('SELECT * FROM secrets ORDER BY name').all() as SecretRow[];
    const keyring = rows.length ? await this.readableKeys() : null;
    return rows.map((r) => ({ name: r.name, purpose: r.purpose, status: this.statusOf(r, keyring), keyId: r.key_id, createdAt: r.created_at, rotatedAt: r.rotated_at }));
  }

  /** The stored secrets this user has to enter again (written under another key, or altered). */
  async listNeedingReentry(): Promise<SecretInfo[]> {
    return (await this.list()).filter((s) => s.status === 'needs-reentry');
  }

  /**
   * Re-seals every secret this user can open under the current key (with `newKey`, under a key
   * started now; older keys stay in the key file for other projects). Secrets sealed with an
   * unknown key, or altered, are left untouched and reported. One transaction: all or nothing.
   */
  async rotate(options: { newKey?: boolean } = {}): Promise<RotationResult> {
    const keyring = options.newKey ? await this.keys.rotateKey() : await this.keys.openOrCreate();
    const current = keyring.current();
    const now = this.now();
    const result: RotationResult = { keyId: current.id, resealed: 0, needsReentry: [], damaged: [] };
    this.db
      .transaction(() => {
        const rows = this.db.prepare('SELECT * FROM secrets ORDER BY name').all() as SecretRow[];
        const update = this.db.prepare('UPDATE secrets SET key_id = ?, nonce = ?, ciphertext = ?, tag = ?, rotated_at = ? WHERE name = ?');
        for (const row of rows) {
          const key = keyring.get(row.key_id);
          if (!key) {
            result.needsReentry.push(row.name);
            continue;
          }
          const value = openSecret(key, row.name, row.purpose, sealedOf(row));
          if (value === null) {
            result.damaged.push(row.name);
            continue;
          }
          const sealed = sealSecret(current, row.name, row.purpose, value);
          update.run(sealed.keyId, sealed.nonce, sealed.ciphertext, sealed.tag, now, row.name);
          result.resealed++;
        }
        this.options.audit?.append({
          action: 'vault.rotate',
          object: 'vault',
          summary: `Re-sealed ${result.resealed} secret(s) with ${options.newKey ? 'a new' : 'the current'} key ${current.id}; ${result.needsReentry.length} need to be entered again; ${result.damaged.length} altered.`,
        });
      })
      .immediate();
    return result;
  }

  /** Removes a secret. Returns false when there was none. */
  forget(name: string): boolean {
    return this.db
      .transaction(() => {
        const removed = this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name).changes > 0;
        if (removed) this.options.audit?.append({ action: 'vault.forget', object: name, summary: `Removed the secret "${name}".` });
        return removed;
      })
      .immediate();
  }

  /** The keys this user holds, or null when there is no key file at all (then everything needs re-entry). */
  private async readableKeys(): Promise<Keyring | null> {
    try {
      return await this.keys.open();
    } catch (err) {
      if (err instanceof StudioError && err.code === 'VAULT_KEY_MISSING') return null;
      throw err;
    }
  }

  private statusOf(row: SecretRow, keyring: Keyring | null): Exclude<SecretStatus, 'missing'> {
    const key = keyring?.get(row.key_id);
    if (!key) return 'needs-reentry';
    return openSecret(key, row.name, row.purpose, sealedOf(row)) === null ? 'needs-reentry' : 'set';
  }

  private needsReentry(row: SecretRow, noKeyFile: boolean): StudioError {
    const why =
      row.key_id === EXPORTED_KEY_ID
        ? 'the project was exported without its secrets'
        : noKeyFile
          ? `there is no vault key on this computer for this user (${this.keys.file})`
          : 'it was saved by another user or on another computer, with a key this user does not hold';
    return new StudioError('VAULT_NEEDS_REENTRY', `The secret for ${this.label(row.name, row.purpose)} cannot be opened here: ${why}.`, 'Enter it again (for a connection: edit the connection and type its password); it is then saved for this user.', {
      details: { name: row.name, purpose: row.purpose, keyId: row.key_id },
    });
  }

  private row(name: string): SecretRow | undefined {
    return this.db.prepare('SELECT * FROM secrets WHERE name = ?').get(name) as SecretRow | undefined;
  }

  private label(name: string, purpose?: string): string {
    if (this.options.describe) return this.options.describe(name, purpose ?? (this.row(name)?.purpose ?? ''));
    return `"${name}"`;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}

function sealedOf(row: SecretRow): SealedSecret {
  return { keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext, tag: row.tag };
}

function checkName(name: string, purpose: string): void {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    throw new StudioError('BAD_REQUEST', 'A secret needs a name (such as connection:<id>:password) of at most 300 characters.', 'This is a bug in the caller; report it to support.');
  }
  if (typeof purpose !== 'string' || purpose.trim() === '') {
    throw new StudioError('BAD_REQUEST', `The secret "${name}" needs a purpose (what it is used for).`, 'This is a bug in the caller; report it to support.');
  }
}
