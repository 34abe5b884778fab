import { PassThrough, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { StudioError, type ErrorLocation } from '../../../../../shared/errors';
import type { FileEntry } from '../file-entry';
import { isNoise } from '../file-formats';

/** Limits that keep a hostile archive from filling memory or disk (a "zip bomb"). */
export interface ZipLimits {
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxCompressionRatio: number;
  maxEntries?: number;
}

/** Ratios are only checked above this size: tiny, highly repetitive files compress very well. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * A zip opened for reading in place: entries are streamed out of the archive (never extracted to
 * disk). Opening reads the central directory, so a cut-off archive is found at once. Entries with
 * absolute or `..` names, and archives past the size limits, are refused as SOURCE_UNSAFE; yauzl
 * also checks while reading that an entry never unpacks to more than it declared.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    readonly path: string,
    readonly entries: FileEntry[],
  ) {}

  static async open(path: string, limits: ZipLimits): Promise<ZipArchive> {
    const where: ErrorLocation = { file: path };
    let zip: ZipFile;
    try {
      zip = await new Promise<ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true }, (err, z) => (err || !z ? reject(err) : resolve(z))));
    } catch (err) {
      throw zipError(err, path, where);
    }
    const entries: FileEntry[] = [];
    let total = 0;
    let count = 0;
    const archive = new ZipArchive(zip, path, entries);
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('error', reject);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: Entry) => {
          try {
            count++;
            if (count > (limits.maxEntries ?? 50_000)) throw unsafe(`${path} holds more than ${limits.maxEntries ?? 50_000} entries.`, where);
            if (!entry.fileName.endsWith('/') && !isNoise(entry.fileName)) {
              checkLimits(entry, limits, path);
              total += entry.uncompressedSize;
              if (total > limits.maxTotalBytes) throw unsafe(`The files in ${path} would unpack to more than ${formatBytes(limits.maxTotalBytes)}.`, where);
              entries.push(archive.entryFor(entry));
            }
            zip.readEntry();
          } catch (err) {
            reject(err);
          }
        });
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err instanceof StudioError ? err : zipError(err, path, where);
    }
    return archive;
  }

  close(): void {
    if (this.zip.isOpen) this.zip.close();
  }

  private entryFor(entry: Entry): FileEntry {
    const displayPath = `${this.path} › ${entry.fileName}`;
    return {
      relativePath: entry.fileName,
      displayPath,
      size: entry.uncompressedSize,
      open: () => {
        if (entry.isEncrypted()) {
          return Promise.reject(new StudioError('SOURCE_UNSUPPORTED', `${entry.fileName} in ${this.path} is password-protected.`, 'Unzip the archive with its password and connect the folder, or zip the files again without a password.', { where: { file: displayPath } }));
        }
        return new Promise<Readable>((resolve, reject) =>
          this.zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return reject(zipError(err, this.path, { file: displayPath }));
            // yauzl's checks while inflating (size, CRC) surface as plain errors: give them words.
            const out = new PassThrough({ highWaterMark: 64 * 1024 });
            stream.on('error', (e: unknown) => out.destroy(zipError(e, this.path, { file: displayPath })));
            out.on('close', () => stream.destroy());
            resolve(stream.pipe(out));
          }),
        );
      },
    };
  }
}

function checkLimits(entry: Entry, limits: ZipLimits, path: string): void {
  const where = { file: `${path} › ${entry.fileName}` };
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw unsafe(`${entry.fileName} in ${path} would unpack to ${formatBytes(entry.uncompressedSize)}, more than the ${formatBytes(limits.maxEntryBytes)} allowed for one file.`, where);
  }
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
    throw unsafe(`${entry.fileName} in ${path} is packed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times smaller than its content, which is how "zip bombs" are built.`, where);
  }
}

function unsafe(message: string, where: ErrorLocation): StudioError {
  return new StudioError('SOURCE_UNSAFE', message, 'The archive was not read. If you trust it, unzip it yourself and connect the folder, or raise the zip limits (maxEntryBytes, maxTotalBytes, maxCompressionRatio) in the connection.', { where });
}

/** yauzl's messages, in words a school IT person understands. */
export function zipError(err: unknown, path: string, where: ErrorLocation): StudioError {
  if (err instanceof StudioError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return new StudioError('SOURCE_NOT_FOUND', `There is no file at ${path}.`, 'Check the path; the archive may have been moved or renamed.', { where, cause: err });
  if (/absolute path|invalid relative path|invalid characters in fileName/.test(message)) {
    const name = message.replace(/^[^:]*:\s*/, '');
    return unsafe(`${path} holds an entry named "${name}" that points outside the archive.`, where);
  }
  if (/encrypt/i.test(message)) {
    return new StudioError('SOURCE_UNSUPPORTED', `${path} is password-protected or encrypted.`, 'Unzip it with its password and connect the folder instead.', { where, cause: err });
  }
  if (/too many bytes|too few bytes/.test(message)) {
    return unsafe(`${where.file ?? path} does not unpack to the size the archive declares for it.`, where);
  }
  if (/crc32|invalid|unexpected end|incorrect header|unknown compression/i.test(message)) {
    return new StudioError('SOURCE_CORRUPT', `${where.file ?? path} is damaged inside the archive (${message}).`, 'Copy or download the archive again; if it still fails, unzip it with another tool and connect the folder.', { where, cause: err });
  }
  return new StudioError('SOURCE_CORRUPT', `${path} is not a readable zip archive (${message}).`, 'The file may be damaged or cut off (an interrupted download or copy): copy or download it again, or check that it really is a .zip.', { where, cause: err });
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}
