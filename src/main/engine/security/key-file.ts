import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, chmodSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import type { KeySlot } from './key-slots';

/** The key file's name inside the per-user configuration folder. */
export const KEY_FILE_NAME = 'vault-key.json';

export const KEY_FILE_FORMAT = 'academia-studio-vault-key';

/**
 * What `vault-key.json` holds. The ids are in clear so a person (or `describe()`) can tell which
 * keys a file carries; the keys themselves are only inside the slots, each slot a complete,
 * separately protected copy of the keyring.
 */
export interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  version: 1;
  currentKeyId: string;
  keyIds: string[];
  updatedAt: string;
  slots: KeySlot[];
}

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const slotSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), payload: b64 }),
  z.object({ kind: z.literal('wrapped'), wrapper: z.string().min(1), blob: b64 }),
  z.object({
    kind: z.literal('passphrase'),
    kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
    nonce: b64,
    ciphertext: b64,
    tag: b64,
  }),
]);
const keyFileSchema = z.object({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  currentKeyId: z.string().regex(/^[0-9a-f]{16}$/),
  keyIds: z.array(z.string().regex(/^[0-9a-f]{16}$/)).min(1),
  updatedAt: z.string(),
  slots: z.array(slotSchema).min(1),
});

export function keyFilePath(configDir: string): string {
  return join(configDir, KEY_FILE_NAME);
}

/** Platform facts the permission check needs; injectable so the Windows branch is testable. */
export interface PermissionContext {
  platform: NodeJS.Platform;
  uid: number | null;
  warn: (message: string) => void;
}

/**
 * Reads and checks the key file. Every failure is a StudioError saying what to do; nothing is
 * ever repaired or replaced here, so a key that fails to open is never lost.
 */
export function readKeyFile(path: string, ctx: PermissionContext): KeyFile {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StudioError(
        'VAULT_KEY_MISSING',
        `There is no vault key file at ${path}, so the secrets stored in this project cannot be opened here.`,
        'Copy vault-key.json from the account that saved the secrets into this folder (or set APSTUDIO_CONFIG_DIR to its folder), or enter the secrets again.',
        { where: { file: path }, cause: err },
      );
    }
    throw unreadable(path, err);
  }
  if (!stat.isFile()) {
    throw new StudioError('VAULT_KEY_UNREADABLE', `The vault key at ${path} is not a file.`, 'Move whatever is at that path away and restore vault-key.json from a backup.', { where: { file: path } });
  }
  checkPermissions(path, stat, ctx);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw unreadable(path, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw damaged(path, err);
  }
  const result = keyFileSchema.safeParse(parsed);
  if (!result.success || !result.data.keyIds.includes(result.data.currentKeyId)) throw damaged(path, result.error);
  return result.data as KeyFile;
}

/**
 * Refuses a key file other accounts could read (or that another account owns) on systems where
 * the studio can check; on Windows, where POSIX mode bits say nothing, it warns instead.
 */
export function checkPermissions(path: string, stat: Stats, ctx: PermissionContext): void {
  if (ctx.platform === 'win32') {
    ctx.warn(`The studio cannot check who may read ${path} on Windows. Keep it inside your own user profile and do not share that folder.`);
    return;
  }
  if (ctx.uid !== null && stat.uid !== ctx.uid) {
    throw new StudioError(
      'VAULT_KEY_PERMISSIONS',
      `The vault key at ${path} belongs to another account (uid ${stat.uid}), so the studio will not trust it.`,
      `Run the studio as the owner of that file, or have that account run: chown $(id -u) ${path}. The file was not changed.`,
      { where: { file: path } },
    );
  }
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new StudioError(
      'VAULT_KEY_PERMISSIONS',
      `The vault key at ${path} can be read by other accounts on this computer (permissions ${mode}), so the studio refuses to use it.`,
      `Make it private with: chmod 600 ${path} — then try again. The file was not changed.`,
      { where: { file: path }, details: { mode } },
    );
  }
}

/**
 * Writes a key file that must not exist yet. Returns false (and writes nothing) when another
 * process created one first, so two hosts starting together never end up with two keys.
 */
export function writeNewKeyFile(path: string, file: KeyFile): boolean {
  const tmp = writeTemp(path, file);
  try {
    // A hard link publishes the complete file atomically and fails if the name is taken.
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems (FAT, a few network shares) have no hard links: create exclusively instead.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') return writeExclusive(path, file);
    throw cannotSave(path, err);
  } finally {
    safeUnlink(tmp);
  }
}

function writeExclusive(path: string, file: KeyFile): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotSave(path, err);
  }
  try {
    writeSync(fd, serialize(file));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function cannotSave(path: string, err: unknown): StudioError {
  return new StudioError('VAULT_KEY_UNREADABLE', `The studio could not save a new vault key at ${path}.`, 'Check that the configuration folder exists and that you may write to it.', { where: { file: path }, cause: err });
}

function serialize(file: KeyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Replaces the key file in one step (write aside, then rename), so a crash leaves old or new whole. */
export function replaceKeyFile(path: string, file: KeyFile): void {
  const tmp = writeTemp(path, file);
  try {
    renameSync(tmp, path);
  } catch (err) {
    safeUnlink(tmp);
    throw new StudioError('VAULT_KEY_UNREADABLE', `The studio could not update the vault key at ${path}; the previous key file is unchanged.`, 'Check that you may write to the configuration folder, then try again.', { where: { file: path }, cause: err });
  }
}

function writeTemp(path: string, file: KeyFile): string {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, serialize(file));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The umask may only narrow the mode, but a filesystem default ACL could widen it.
  if (process.platform !== 'win32') chmodSync(tmp, 0o600);
  return tmp;
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone (it was renamed, or never written).
  }
}

function unreadable(path: string, err: unknown): StudioError {
  return new StudioError('VAULT_KEY_UNREADABLE', `The studio may not read the vault key at ${path}.`, 'Check that the file belongs to you and that you may read it; the file was not changed.', { where: { file: path }, cause: err });
}

function damaged(path: string, err: unknown): StudioError {
  return new StudioError(
    'VAULT_KEY_UNREADABLE',
    `The vault key at ${path} is damaged or was not written by the studio.`,
    'Restore vault-key.json from a backup. The studio did not change it; moving it away makes the studio create a new key, and every stored secret then has to be entered again.',
    { where: { file: path }, cause: err },
  );
}
