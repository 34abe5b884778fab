import { existsSync, mkdirSync } from 'node:fs';
import { StudioError } from '../../../shared/errors';
import { keyFilePath, readKeyFile, replaceKeyFile, writeNewKeyFile, KEY_FILE_FORMAT, type KeyFile, type PermissionContext } from './key-file';
import {
  DEFAULT_SCRYPT_COST,
  isAcceptableScryptCost,
  newPassphraseKey,
  openFileSlot,
  openPassphraseSlot,
  openWrappedSlot,
  sealFileSlot,
  sealPassphraseSlot,
  sealWrappedSlot,
  type KeySlot,
  type KeySlotKind,
  type KeyWrapper,
  type PassphraseKey,
  type PassphraseSlot,
  type ScryptCost,
  type WrappedSlot,
} from './key-slots';
import { Keyring } from './keyring';

/** Environment variable an unattended job sets to unlock a passphrase-protected key. */
export const PASSPHRASE_ENV = 'APSTUDIO_VAULT_PASSPHRASE';

/** Shortest passphrase accepted for a new passphrase slot. */
export const MIN_PASSPHRASE_LENGTH = 10;

/** What a passphrase prompt is told, so it can word its question. */
export interface PassphraseRequest {
  /** `unlock`: open an existing key; `create`: choose a passphrase for a new slot (confirm it twice). */
  reason: 'unlock' | 'create';
  keyFile: string;
  /** 1 for the first try; a prompt may say "wrong passphrase, try again" when it is higher. */
  attempt: number;
}

export interface KeyStoreOptions {
  /** The per-user configuration folder (config-dir.ts); the key file is `<configDir>/vault-key.json`. */
  configDir: string;
  /**
   * The desktop shell's OS-keychain wrapper (safeStorage). Hosts without one leave it out. With
   * one, every key this store opens or creates also gets a `wrapped` slot (when the keychain is
   * available), which this store then opens first; the other slots stay, so the CLI and the web
   * host running as the same user keep opening the same key file.
   */
  wrapper?: KeyWrapper | null;
  /** A passphrase given directly (e.g. read by the CLI from a file). Wins over the environment. */
  passphrase?: string;
  /** Where APSTUDIO_VAULT_PASSPHRASE is read from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Asks a person for the passphrase; returns null when they cancel. */
  prompt?: (request: PassphraseRequest) => Promise<string | null>;
  /** scrypt cost of new passphrase slots; defaults to {@link DEFAULT_SCRYPT_COST}. Tests lower it. */
  scryptCost?: ScryptCost;
  /**
   * How a key created by {@link KeyStore.openOrCreate} is protected. Default: `passphrase` when a
   * passphrase is given (option or environment), otherwise `file`, which every host running as
   * the same user can open.
   */
  createProtection?: KeySlotKind;
  /** Overrides for the permission check (tests of the Windows branch). */
  platform?: NodeJS.Platform;
  uid?: number | null;
  warn?: (message: string) => void;
  /** The engine log: says when the OS keychain cannot be used and the key file alone protects the key. Defaults to console.warn. */
  log?: (message: string) => void;
  now?: () => Date;
}

/** A description of the key file without any secret: for settings screens and diagnostics. */
export interface KeyFileInfo {
  file: string;
  currentKeyId: string;
  keyIds: string[];
  updatedAt: string;
  slots: { kind: KeySlotKind; wrapper?: string }[];
}

/**
 * The per-user data key, kept outside the project in `<configDir>/vault-key.json`. The file
 * holds one keyring (the current data key and the ones it replaced) in one or more slots: plain
 * behind owner-only permissions (`file`), sealed by the OS keychain (`wrapped`), or sealed under a
 * passphrase with scrypt (`passphrase`). A host opens the first slot it can.
 *
 * Never creates a key over one that exists: when an existing file fails to open, the error says
 * why and the file is left as it was.
 */
export class KeyStore {
  readonly file: string;
  private unlocked: Promise<Keyring> | null = null;
  /** The passphrase-derived key of this file's passphrase slot, once known (never the passphrase). */
  private passphraseKey: PassphraseKey | null = null;
  private warned = false;
  /** Whether the last unlock opened this host's keychain slot (so it needs no resealing). */
  private keychainOpened = false;
  /** The keychain slot is looked after once per store, not on every open. */
  private keychainChecked = false;

  constructor(private readonly options: KeyStoreOptions) {
    this.file = keyFilePath(options.configDir);
  }

  /** The per-user configuration folder the key file is in (audit checkpoints live beside it). */
  get configDir(): string {
    return this.options.configDir;
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /** The key file's ids and slot kinds, or null when there is no key file yet. */
  describe(): KeyFileInfo | null {
    if (!this.exists()) return null;
    const f = this.read();
    return { file: this.file, currentKeyId: f.currentKeyId, keyIds: f.keyIds, updatedAt: f.updatedAt, slots: f.slots.map((s) => (s.kind === 'wrapped' ? { kind: s.kind, wrapper: s.wrapper } : { kind: s.kind })) };
  }

  /** Unlocks the existing key file (once per store; later calls reuse the keys in memory). */
  open(): Promise<Keyring> {
    if (!this.unlocked) {
      const attempt = Promise.resolve()
        .then(() => this.unlock(this.read()))
        .then(async (keyring) => {
          await this.ensureKeychainSlot(keyring);
          return keyring;
        });
      this.unlocked = attempt;
      // A failed unlock is not remembered: the next call reads the file again (it may be fixed).
      attempt.catch(() => {
        if (this.unlocked === attempt) this.unlocked = null;
      });
    }
    return this.unlocked;
  }

  /**
   * Unlocks the key file, or creates one when there is none at all. Any other failure (wrong
   * passphrase, loose permissions, damaged file) is thrown as is: never replaced by a new key.
   */
  async openOrCreate(): Promise<Keyring> {
    if (this.unlocked) return this.unlocked;
    if (this.exists()) return this.open();
    const protection = this.options.createProtection ?? (this.givenPassphrase() !== null ? 'passphrase' : 'file');
    const keyring = Keyring.create(this.now());
    const slot = await this.sealNewSlot(protection, keyring.toPayload());
    mkdirSync(this.options.configDir, { recursive: true, mode: 0o700 });
    if (!writeNewKeyFile(this.file, this.fileFor(keyring, [slot]))) {
      // Another host created the key between our check and our write: use theirs.
      this.passphraseKey = null;
      return this.open();
    }
    this.unlocked = Promise.resolve(keyring);
    await this.ensureKeychainSlot(keyring);
    return keyring;
  }

  /**
   * Starts a new current data key. The previous keys stay in the keyring, so entries and other
   * projects sealed with them still open; Vault.rotate() then re-seals a project's entries.
   */
  async rotateKey(): Promise<Keyring> {
    const { file, keyring } = await this.fresh();
    const next = keyring.withNewKey(this.now());
    await this.rewrite(next, file.slots);
    return next;
  }

  /**
   * Adds a slot (replacing one of the same kind), e.g. a passphrase so the CLI can open a key the
   * desktop app sealed with the OS keychain. A `passphrase` slot asks for a new passphrase
   * (option, environment or prompt); a `wrapped` slot needs the wrapper.
   */
  async addSlot(kind: KeySlotKind): Promise<void> {
    const { file, keyring } = await this.fresh();
    if (kind === 'passphrase') this.passphraseKey = null;
    const slot = await this.sealNewSlot(kind, keyring.toPayload());
    const others = file.slots.filter((s) => s.kind !== kind);
    await this.rewrite(keyring, [...others, slot]);
  }

  /** Removes the slot of this kind; refuses to remove the last one (the key would be lost). */
  async removeSlot(kind: KeySlotKind): Promise<void> {
    const { file, keyring } = await this.fresh();
    const remaining = file.slots.filter((s) => s.kind !== kind);
    if (remaining.length === file.slots.length) return;
    if (remaining.length === 0) {
      throw new StudioError('BAD_REQUEST', `The vault key at ${this.file} has no other protection than "${kind}"; removing it would lose every stored secret.`, 'Add another protection first (a passphrase, or the OS keychain), then remove this one.');
    }
    if (kind === 'passphrase') this.passphraseKey = null;
    await this.rewrite(keyring, remaining);
  }

  /**
   * Writes a copy of the keyring protected only by a passphrase into another configuration
   * folder, for an unattended job under another account: copy the folder's vault-key.json to that
   * account's configuration folder and give the job APSTUDIO_VAULT_PASSPHRASE. Never overwrites.
   */
  async writeUnattendedKeyFile(destConfigDir: string, passphrase: string): Promise<string> {
    requireStrongEnough(passphrase);
    const keyring = await this.open();
    const key = await newPassphraseKey(passphrase, this.options.scryptCost ?? DEFAULT_SCRYPT_COST);
    const dest = keyFilePath(destConfigDir);
    mkdirSync(destConfigDir, { recursive: true, mode: 0o700 });
    if (!writeNewKeyFile(dest, this.fileFor(keyring, [sealPassphraseSlot(keyring.toPayload(), key)]))) {
      throw new StudioError('BAD_REQUEST', `There is already a vault key at ${dest}; it was not overwritten.`, 'Choose an empty folder, or move the existing key file away if it is no longer needed.', { where: { file: dest } });
    }
    return dest;
  }

  /** Forgets the unlocked keys held in memory (the next use opens the key file again). */
  lock(): void {
    this.unlocked = null;
    this.passphraseKey = null;
  }

  private read(): KeyFile {
    return readKeyFile(this.file, this.permissionContext());
  }

  private permissionContext(): PermissionContext {
    const uid = this.options.uid !== undefined ? this.options.uid : typeof process.getuid === 'function' ? process.getuid() : null;
    const warn = (message: string) => {
      if (this.warned) return;
      this.warned = true;
      (this.options.warn ?? ((m: string) => process.emitWarning(m, { code: 'APSTUDIO_VAULT_KEY' })))(message);
    };
    return { platform: this.options.platform ?? process.platform, uid, warn };
  }

  /** Re-reads the file before a change, so a key another host added meanwhile is never dropped. */
  private async fresh(): Promise<{ file: KeyFile; keyring: Keyring }> {
    const file = this.read();
    let keyring = this.unlocked ? await this.unlocked : null;
    if (!keyring || keyring.currentKeyId !== file.currentKeyId || file.keyIds.some((id) => !keyring?.has(id))) {
      this.unlocked = null;
      this.passphraseKey = null;
      keyring = await this.open();
    }
    return { file, keyring };
  }

  private async rewrite(keyring: Keyring, slots: KeySlot[]): Promise<void> {
    const payload = keyring.toPayload();
    const resealed: KeySlot[] = [];
    // The key file's own slot is the source every host opens; a keychain copy that this host
    // cannot reseal is dropped rather than left stale (the desktop app adds it again when it next
    // opens the key). Without a file slot the keychain copy may be the only way in: then refuse.
    const hasFileSlot = slots.some((s) => s.kind === 'file');
    for (const slot of slots) {
      if (slot.kind === 'wrapped' && hasFileSlot && !(await this.canReseal(slot))) continue;
      resealed.push(await this.reseal(slot, payload));
    }
    replaceKeyFile(this.file, this.fileFor(keyring, resealed));
    this.unlocked = Promise.resolve(keyring);
  }

  private async canReseal(slot: WrappedSlot): Promise<boolean> {
    const wrapper = this.options.wrapper;
    if (!wrapper || wrapper.kind !== slot.wrapper) return false;
    try {
      return await wrapper.available();
    } catch {
      return false;
    }
  }

  /**
   * Gives the key a copy sealed by this host's OS keychain, beside its other slots, unless it has
   * a working one. Never fails: without a usable keychain the key file alone protects the key,
   * and the engine log says so.
   */
  private async ensureKeychainSlot(keyring: Keyring): Promise<void> {
    const wrapper = this.options.wrapper;
    if (!wrapper || this.keychainChecked) return;
    this.keychainChecked = true;
    try {
      if (!(await wrapper.available())) {
        this.log(`The OS keychain (${wrapper.kind}) is not available on this computer, so the vault key at ${this.file} is protected by the key file alone. On Linux the keychain needs a secret service such as GNOME Keyring or KWallet.`);
        return;
      }
      const file = this.read();
      if (file.currentKeyId !== keyring.currentKeyId || file.keyIds.some((id) => !keyring.has(id))) return; // changed meanwhile: the next open looks again
      const mine = file.slots.find((s) => s.kind === 'wrapped' && s.wrapper === wrapper.kind);
      if (mine && this.keychainOpened) return;
      const slot = await sealWrappedSlot(keyring.toPayload(), wrapper);
      const others = file.slots.filter((s) => !(s.kind === 'wrapped' && s.wrapper === wrapper.kind));
      replaceKeyFile(this.file, { ...file, updatedAt: this.now().toISOString(), slots: [...others, slot] });
      this.keychainOpened = true;
    } catch (err) {
      this.log(`The vault key at ${this.file} could not be added to the OS keychain (${err instanceof Error ? err.message : String(err)}); the key file alone protects it.`);
    }
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.warn(m)))(message);
  }

  private async reseal(slot: KeySlot, payload: Buffer): Promise<KeySlot> {
    if (slot.kind === 'file') return sealFileSlot(payload);
    if (slot.kind === 'wrapped') {
      const wrapper = this.options.wrapper;
      if (!wrapper || wrapper.kind !== slot.wrapper) {
        throw new StudioError(
          'VAULT_KEY_LOCKED',
          `The vault key at ${this.file} is also kept in the OS keychain of the desktop app (${slot.wrapper}), which this program cannot reach, so the key file was not changed.`,
          'Make this change from the desktop app, or remove the keychain protection there first.',
          { where: { file: this.file } },
        );
      }
      return sealWrappedSlot(payload, wrapper);
    }
    if (slot.kind === 'passphrase' && !this.passphraseKey) this.passphraseKey = await this.passphraseKeyFor(slot);
    return sealPassphraseSlot(payload, this.passphraseKey as PassphraseKey);
  }

  /** Recovers the key of an existing passphrase slot (same salt) by asking for its passphrase. */
  private async passphraseKeyFor(slot: PassphraseSlot): Promise<PassphraseKey> {
    const opened = await this.unlockPassphraseSlot(slot);
    if (!opened) {
      throw new StudioError('VAULT_KEY_LOCKED', `The vault key at ${this.file} is also protected by a passphrase, which is needed to change it.`, `Give the passphrase in ${PASSPHRASE_ENV} (or when asked), or remove the passphrase protection first.`, { where: { file: this.file } });
    }
    return opened.key;
  }

  private async sealNewSlot(kind: KeySlotKind, payload: Buffer): Promise<KeySlot> {
    if (kind === 'file') return sealFileSlot(payload);
    if (kind === 'wrapped') {
      if (!this.options.wrapper) {
        throw new StudioError('VAULT_KEY_LOCKED', 'Protecting the vault key with the OS keychain is only possible in the desktop app.', 'Use the desktop app for this, or protect the key with a passphrase instead.');
      }
      if (!(await this.options.wrapper.available())) {
        throw new StudioError('VAULT_KEY_LOCKED', `The OS keychain (${this.options.wrapper.kind}) is not available on this computer, so it cannot protect the vault key.`, 'Keep the key file protection, or protect the key with a passphrase instead. On Linux the keychain needs a secret service such as GNOME Keyring or KWallet.');
      }
      return sealWrappedSlot(payload, this.options.wrapper);
    }
    const passphrase = this.givenPassphrase() ?? (await this.options.prompt?.({ reason: 'create', keyFile: this.file, attempt: 1 })) ?? null;
    if (passphrase === null) {
      throw new StudioError('VAULT_KEY_LOCKED', 'A passphrase is needed to protect the vault key, and none was given.', `Set ${PASSPHRASE_ENV}, or run the command in a terminal where it can ask for one.`);
    }
    requireStrongEnough(passphrase);
    this.passphraseKey = await newPassphraseKey(passphrase, this.options.scryptCost ?? DEFAULT_SCRYPT_COST);
    return sealPassphraseSlot(payload, this.passphraseKey);
  }

  private async unlock(file: KeyFile): Promise<Keyring> {
    const wrapper = this.options.wrapper;
    let keychainFailure: unknown = null;
    this.keychainOpened = false;
    const wrapped = wrapper ? file.slots.find((s) => s.kind === 'wrapped' && s.wrapper === wrapper.kind) : undefined;
    if (wrapper && wrapped?.kind === 'wrapped') {
      try {
        const keyring = this.keyringFrom(await openWrappedSlot(wrapped, wrapper), file);
        this.keychainOpened = true;
        return keyring;
      } catch (err) {
        // A locked or reset keychain, or a stale copy: another slot this host may open still works.
        if (err instanceof StudioError && file.slots.length === 1) throw err;
        keychainFailure = err;
      }
    }
    const plain = file.slots.find((s) => s.kind === 'file');
    if (plain?.kind === 'file') return this.keyringFrom(openFileSlot(plain), file);
    const locked = file.slots.find((s) => s.kind === 'passphrase');
    if (locked?.kind === 'passphrase') {
      const opened = await this.unlockPassphraseSlot(locked);
      if (opened) {
        this.passphraseKey = opened.key;
        return this.keyringFrom(opened.payload, file);
      }
      throw new StudioError('VAULT_KEY_LOCKED', `The vault key at ${this.file} is protected by a passphrase, and none was given.`, `Set ${PASSPHRASE_ENV} for unattended jobs, or run the command in a terminal where it can ask for the passphrase.`, { where: { file: this.file } });
    }
    if (keychainFailure) {
      throw new StudioError('VAULT_KEY_UNREADABLE', `The OS keychain would not unlock the vault key at ${this.file}.`, 'Sign in to this computer as the user who saved the key (the keychain is per user), or enter the secrets again. The key file was not changed.', { where: { file: this.file }, cause: keychainFailure });
    }
    const kinds = file.slots.map((s) => (s.kind === 'wrapped' ? `the desktop app's OS keychain (${s.wrapper})` : s.kind)).join(', ');
    throw new StudioError(
      'VAULT_KEY_LOCKED',
      `The vault key at ${this.file} is protected only by ${kinds}, which this program cannot use.`,
      `Open the desktop app and add a passphrase to the key (Settings → Security), then give it to this program in ${PASSPHRASE_ENV}.`,
      { where: { file: this.file } },
    );
  }

  /**
   * Tries the given passphrase (option or environment) once, or the prompt up to three times.
   * Null when no passphrase is available at all; a wrong one is an error that changes nothing.
   */
  private async unlockPassphraseSlot(slot: PassphraseSlot): Promise<{ payload: Buffer; key: PassphraseKey } | null> {
    if (!isAcceptableScryptCost(slot.kdf)) {
      throw new StudioError('VAULT_KEY_UNREADABLE', `The vault key at ${this.file} asks for passphrase settings the studio does not accept.`, 'Restore vault-key.json from a backup; the studio did not change it.', { where: { file: this.file } });
    }
    const given = this.givenPassphrase();
    if (given !== null) {
      const opened = await openPassphraseSlot(slot, given);
      if (!opened) throw this.wrongPassphrase(this.options.passphrase !== undefined ? 'the passphrase given' : `the passphrase in ${PASSPHRASE_ENV}`);
      return opened;
    }
    if (!this.options.prompt) return null;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const typed = await this.options.prompt({ reason: 'unlock', keyFile: this.file, attempt });
      if (typed === null) return null;
      const opened = await openPassphraseSlot(slot, typed);
      if (opened) return opened;
    }
    throw this.wrongPassphrase('the passphrase typed three times');
  }

  private wrongPassphrase(what: string): StudioError {
    return new StudioError(
      'VAULT_WRONG_PASSPHRASE',
      `${what[0].toUpperCase()}${what.slice(1)} does not open the vault key at ${this.file}.`,
      `Check the passphrase (it is case-sensitive) and try again. Nothing was changed.`,
      { where: { file: this.file } },
    );
  }

  private keyringFrom(payload: Buffer, file: KeyFile): Keyring {
    const keyring = Keyring.fromPayload(payload);
    if (!keyring || keyring.currentKeyId !== file.currentKeyId) {
      throw new StudioError('VAULT_KEY_UNREADABLE', `The vault key at ${this.file} is damaged: its contents do not match its key ids.`, 'Restore vault-key.json from a backup. The studio did not change it.', { where: { file: this.file } });
    }
    return keyring;
  }

  private givenPassphrase(): string | null {
    if (this.options.passphrase !== undefined) return this.options.passphrase;
    const fromEnv = (this.options.env ?? process.env)[PASSPHRASE_ENV];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : null;
  }

  private fileFor(keyring: Keyring, slots: KeySlot[]): KeyFile {
    return { format: KEY_FILE_FORMAT, version: 1, currentKeyId: keyring.currentKeyId, keyIds: keyring.keyIds(), updatedAt: this.now().toISOString(), slots };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function requireStrongEnough(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new StudioError('BAD_REQUEST', `The passphrase is too short: it needs at least ${MIN_PASSPHRASE_LENGTH} characters.`, 'Choose a longer passphrase, for example four unrelated words.');
  }
}
