import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import MDBReader from 'mdb-reader';
import { StudioError } from '../../../../shared/errors';
import { type AccessFormat, describeEncryption, isDecryptable, readAccessFormat } from './access-format';
import { withTimeout } from '../scan/with-timeout';

/** An Access file in memory, opened by mdb-reader, with what its header says about it. */
export interface OpenedAccessFile {
  file: string;
  buffer: Buffer;
  reader: MDBReader;
  format: AccessFormat;
  /** True when the database asks for a password (Jet database password or Office encryption). */
  passwordProtected: boolean;
}

/** Access caps a database at 2 GB; anything bigger is not an Access file we could open. */
const MAX_ACCESS_BYTES = 2 * 1024 ** 3 + 4096;

const DECRYPT_HINT = 'Open the file in Microsoft Access with its password and remove it (File → Info → Decrypt Database, or Database Tools → Unset Database Password), then connect to that copy.';

/**
 * Loads an Access file and opens it with mdb-reader. mdb-reader needs the whole file as one
 * buffer (it reads pages at random), so the file is loaded once per connection; rows are then
 * decoded batch by batch.
 *
 * Passwords: an Office-encrypted .accdb is decrypted by mdb-reader with the password (agile and
 * RC4 CryptoAPI schemes). A Jet (.mdb) database password does not encrypt anything and
 * mdb-reader ignores it, so it is checked here against the stored one: the studio asks for the
 * password exactly when Access would.
 */
export async function openAccessFile(file: string, password: string | null, timeoutMs: number): Promise<OpenedAccessFile> {
  const name = basename(file);
  let size: number;
  try {
    const info = await withTimeout(stat(file), timeoutMs, () => tooSlow(file, timeoutMs));
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('SOURCE_NOT_FOUND', `There is no Access file at ${file}.`, 'Check the path; the file may have been moved or renamed.', { where: { file }, cause: err });
  }
  if (size > MAX_ACCESS_BYTES) {
    throw new StudioError('SOURCE_CORRUPT', `${name} is ${(size / 1024 ** 3).toFixed(1)} GB, larger than an Access database can be.`, 'Check that this is really an Access .mdb/.accdb file.', { where: { file } });
  }
  let buffer: Buffer;
  try {
    buffer = await readFile(file, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    if ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError') throw tooSlow(file, timeoutMs);
    throw new StudioError('CONNECTION_FAILED', `${name} could not be read: ${(err as Error).message}`, 'Check that the file is not locked by another program and that you may read it.', { where: { file }, cause: err });
  }

  const format = readAccessFormat(buffer);
  if (!format) {
    throw new StudioError('SOURCE_CORRUPT', `${name} is not a Microsoft Access database (its header is not an Access header).`, 'Check that the file is an Access .mdb/.accdb and not damaged; a file renamed from another format cannot be read as Access.', { where: { file } });
  }
  if (buffer.length % format.pageSize !== 0) {
    throw new StudioError('SOURCE_CORRUPT', `${name} is cut short: its size (${buffer.length} bytes) is not a whole number of ${format.pageSize}-byte pages, so part of the database is missing.`, 'Copy the file again from its source (an interrupted copy or download leaves it truncated), or repair it in Access (Database Tools → Compact and Repair).', { where: { file } });
  }
  if (!isDecryptable(format.encryption)) {
    throw new StudioError('SOURCE_ENCRYPTED', `${name} is protected with ${describeEncryption(format.encryption)}, which the studio cannot decrypt.`, DECRYPT_HINT, { where: { file }, details: { encryption: format.encryption } });
  }

  const officeEncrypted = format.encryption.startsWith('office-');
  let reader: MDBReader;
  try {
    reader = new MDBReader(buffer, { password: password ?? '' });
  } catch (err) {
    throw mapOpenError(err, file, format, password);
  }

  let passwordProtected = officeEncrypted;
  if (format.jet) {
    const stored = safeStoredPassword(reader);
    if (stored) {
      passwordProtected = true;
      if (password === null || password === '') throw passwordNeeded(file);
      if (password !== stored) throw passwordWrong(file);
    }
  }
  return { file, buffer, reader, format, passwordProtected };
}

function safeStoredPassword(reader: MDBReader): string | null {
  try {
    return reader.getPassword();
  } catch {
    return null;
  }
}

function mapOpenError(err: unknown, file: string, format: AccessFormat, password: string | null): StudioError {
  const message = (err as Error)?.message ?? String(err);
  const name = basename(file);
  if (/wrong password/i.test(message)) return password ? passwordWrong(file) : passwordNeeded(file);
  if (/not implemented|encryption provider|unknown encryption/i.test(message)) {
    return new StudioError('SOURCE_ENCRYPTED', `${name} is protected with ${describeEncryption(format.encryption)}, which the studio cannot decrypt.`, DECRYPT_HINT, { where: { file }, cause: err });
  }
  if (/unsupported version/i.test(message)) {
    return new StudioError('SOURCE_UNSUPPORTED', `${name} is an Access version the studio cannot read (${message}).`, 'Open it in Microsoft Access and save it as an .accdb (Access 2007-2019 format), then connect to that file.', { where: { file }, cause: err });
  }
  return new StudioError('SOURCE_CORRUPT', `${name} could not be opened as an Access database: ${message}.`, 'The file may be damaged: repair it in Access (Database Tools → Compact and Repair) or copy it again from its source.', { where: { file }, cause: err });
}

function passwordNeeded(file: string): StudioError {
  return new StudioError('SOURCE_AUTH_FAILED', `${basename(file)} is protected by a database password.`, 'Enter the database password (the one Access asks for when it opens the file).', { where: { file } });
}

function passwordWrong(file: string): StudioError {
  return new StudioError('SOURCE_AUTH_FAILED', `The password for ${basename(file)} is not correct.`, 'Enter the database password again; it is case-sensitive. If nobody knows it any more, ask whoever maintained the old system.', { where: { file } });
}

function tooSlow(file: string, timeoutMs: number): StudioError {
  return new StudioError('SOURCE_TIMEOUT', `Reading ${basename(file)} took longer than ${Math.round(timeoutMs / 1000)} s.`, 'If the file is on a network share, copy it to this computer and connect to the copy.', { where: { file } });
}
