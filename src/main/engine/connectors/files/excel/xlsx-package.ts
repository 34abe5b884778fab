import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { StudioError, type ErrorLocation } from '../../../../../shared/errors';
import { asFileError } from '../file-errors';
import type { FileEntry } from '../file-entry';
import type { FileReadConfig } from '../file-config';
import { RATIO_FLOOR_BYTES } from '../zip/zip-archive';
import { XmlSpanGuard, type SpanKind } from './xml-span-guard';

/** One worksheet as the workbook lists it. */
export interface WorkbookSheet {
  name: string;
  /** The part inside the package, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
  hidden: boolean;
  /** The last row of the sheet's used range (its `<dimension>`), when the file records it. */
  lastRow: number | null;
}

export interface WorkbookInfo {
  sheets: WorkbookSheet[];
}

/**
 * The limits a workbook is held to, from the connection's settings: an .xlsx is a zip, so the zip
 * limits apply to its parts, and one cell may not be longer than a record may be.
 */
export type WorkbookLimits = Pick<FileReadConfig, 'maxEntryBytes' | 'maxTotalBytes' | 'maxCompressionRatio' | 'maxRecordChars'>;

/** A workbook inside a zip or folder entry is read into memory for random access up to this size. */
const MAX_BUFFERED_WORKBOOK = 256 * 1024 * 1024;

/**
 * Looks inside an .xlsx package before exceljs streams it: the central directory shows at once
 * whether the file is cut off; the workbook part lists the sheets (names, hidden state) and each
 * sheet's `<dimension>` gives a row estimate without reading the rows. Old .xls files and
 * password-protected workbooks (both OLE compound files) are told apart and refused clearly.
 */
export async function inspectWorkbook(entry: FileEntry, limits: WorkbookLimits, scanSheet?: string): Promise<WorkbookInfo> {
  const where: ErrorLocation = { file: entry.displayPath };
  const head = await readHead(entry, 64 * 1024);
  if (isCompoundFile(head)) throw compoundFileError(entry, await compoundDirectory(entry, head));
  if (!(head[0] === 0x50 && head[1] === 0x4b)) {
    throw new StudioError('SOURCE_CORRUPT', `${entry.displayPath} is not an Excel workbook (.xlsx).`, 'Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx), or export the sheet as CSV.', { where });
  }
  const { zip, readAt, release } = await openPackage(entry, where);
  // Where the central directory starts (yauzl reads entries from there; its typings call it boolean).
  const directoryStart = zip.readEntryCursor as unknown;
  try {
    const parts = await listParts(zip, where);
    checkPartSizes(entry, parts, limits);
    await checkPartLayout(entry, parts, readAt, typeof directoryStart === 'number' ? directoryStart : null);
    const workbookPart = parts.get('xl/workbook.xml');
    if (!workbookPart) throw new StudioError('SOURCE_CORRUPT', `${entry.displayPath} is a zip file but not an Excel workbook (it has no xl/workbook.xml).`, 'Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx).', { where });
    const rels = parts.get('xl/_rels/workbook.xml.rels');
    const targets = new Map<string, string>();
    if (rels) {
      for (const el of await elements(zip, rels, ['Relationship'])) {
        const target = el.attributes.Target ?? '';
        targets.set(el.attributes.Id ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
      }
    }
    const sheets: WorkbookSheet[] = [];
    for (const el of await elements(zip, workbookPart, ['sheet'])) {
      const rid = el.attributes['r:id'] ?? Object.entries(el.attributes).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
      const part = normalizePart(targets.get(rid) ?? '');
      const sheetEntry = parts.get(part);
      if (!sheetEntry) continue; // a chart sheet or a dangling reference: nothing to read
      if (!/^xl\/worksheets\//.test(part)) continue;
      sheets.push({ name: el.attributes.name ?? part, part, hidden: (el.attributes.state ?? 'visible') !== 'visible', lastRow: await dimensionLastRow(zip, sheetEntry) });
    }
    const scanned = scanSheet === undefined ? undefined : sheets.find((s) => s.name === scanSheet);
    if (scanned) await scanStrings(entry, zip, parts, scanned, limits);
    return { sheets };
  } catch (err) {
    throw err instanceof StudioError ? err : corruptWorkbook(entry, err);
  } finally {
    zip.close();
    await release();
  }
}

/**
 * The zip limits, applied to each part from the central directory: a part that unpacks to more
 * than maxEntryBytes, or (over 1 MiB) to more than maxCompressionRatio times its packed size, and
 * parts that unpack to more than maxTotalBytes together, are refused before anything is inflated.
 */
function checkPartSizes(entry: FileEntry, parts: Map<string, Entry>, limits: WorkbookLimits): void {
  let total = 0;
  for (const part of parts.values()) {
    const size = part.uncompressedSize;
    if (size > limits.maxEntryBytes) throw unsafeWorkbook(entry, `its part ${part.fileName} would unpack to ${size} bytes, more than the ${limits.maxEntryBytes} allowed (maxEntryBytes)`);
    if (size > RATIO_FLOOR_BYTES && size > part.compressedSize * limits.maxCompressionRatio) {
      throw unsafeWorkbook(entry, `its part ${part.fileName} is packed ${Math.round(size / Math.max(1, part.compressedSize))} times smaller than its content (more than maxCompressionRatio ${limits.maxCompressionRatio}), which is how "zip bombs" are built`);
    }
    total += size;
    if (total > limits.maxTotalBytes) throw unsafeWorkbook(entry, `its parts would unpack to more than ${limits.maxTotalBytes} bytes (maxTotalBytes)`);
  }
}

/**
 * Streams the parts exceljs will parse for one sheet (the shared strings, the styles, the sheet)
 * through an XmlSpanGuard before exceljs reads them: exceljs holds each string whole (and every
 * shared string at once), so a cell longer than maxRecordChars is refused here, after reading that
 * much of it, instead of growing the string in memory. yauzl checks while inflating that each
 * part unpacks to no more than it declares.
 */
async function scanStrings(entry: FileEntry, zip: ZipFile, parts: Map<string, Entry>, sheet: WorkbookSheet, limits: WorkbookLimits): Promise<void> {
  const plan: [string, string, string[]][] = [
    ['xl/sharedStrings.xml', 'si', []],
    ['xl/styles.xml', '', []],
    [sheet.part, 'c', ['row', 'sheetData']],
  ];
  for (const [name, cell, boundaries] of plan) {
    const part = parts.get(name);
    if (!part) continue;
    const guard = new XmlSpanGuard(cell, boundaries, limits.maxRecordChars, (kind) => {
      throw tooLongString(entry, sheet, name, kind, limits.maxRecordChars);
    });
    await streamPart(zip, part, (chunk) => guard.write(chunk));
    guard.end();
  }
}

function tooLongString(entry: FileEntry, sheet: WorkbookSheet, part: string, kind: SpanKind, max: number): StudioError {
  const what = kind === 'cell' ? (part.endsWith('sharedStrings.xml') ? 'a shared string' : `a cell of the sheet "${sheet.name}"`) : `a run of text in ${part}`;
  return new StudioError(
    'SOURCE_UNSAFE',
    `${entry.displayPath} holds ${what} longer than ${max} bytes (maxRecordChars); Excel itself allows 32,767 characters in a cell.`,
    'The workbook was not read: it is damaged or was made to exhaust memory. If it is genuine, save the sheet as CSV, or raise the maxRecordChars setting.',
    { where: { file: entry.displayPath, table: sheet.name } },
  );
}

/** A value exceljs built that is longer than a record may be (the scan above normally stops it first). */
export function tooLongValue(entry: FileEntry, sheet: string | undefined, row: number, max: number): StudioError {
  return new StudioError(
    'SOURCE_UNSAFE',
    `Row ${row} of ${entry.displayPath}${sheet ? ` (sheet "${sheet}")` : ''} holds a value longer than ${max} characters (maxRecordChars).`,
    'Excel itself allows 32,767 characters in a cell: the file is damaged or was made to exhaust memory. If it is genuine, save the sheet as CSV, or raise the maxRecordChars setting.',
    { where: { file: entry.displayPath, line: row, ...(sheet ? { table: sheet } : {}) } },
  );
}

/** Bytes a data descriptor may take after a part's data: crc and sizes, with or without its signature, 32- or 64-bit sizes. */
const DESCRIPTOR_SIZES = [12, 16, 20, 24];

/**
 * exceljs does not read the central directory: it walks the local headers from the start of the
 * file. So the parts it meets must be exactly the parts checked above: each local header where the
 * directory says, with the same compression, and each part's data running up to the next header
 * (plus its data descriptor) with nothing hidden in between. A damaged header (a wrong extra-field
 * length, say) made exceljs wait forever for data that never came; now it is SOURCE_CORRUPT.
 */
async function checkPartLayout(entry: FileEntry, parts: Map<string, Entry>, readAt: OpenPackage['readAt'], directoryStart: number | null): Promise<void> {
  const sorted = [...parts.values()].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let expected = 0;
  let descriptor = false;
  const fits = (gap: number) => (descriptor ? DESCRIPTOR_SIZES.includes(gap) : gap === 0);
  for (const part of sorted) {
    const at = part.relativeOffsetOfLocalHeader;
    if (!fits(at - expected)) throw misaligned(entry, part.fileName);
    const head = await readAt(at, 30);
    if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50 || head.readUInt16LE(8) !== part.compressionMethod) throw misaligned(entry, part.fileName);
    descriptor = (head.readUInt16LE(6) & 0x08) !== 0;
    expected = at + 30 + head.readUInt16LE(26) + head.readUInt16LE(28) + part.compressedSize;
  }
  if (directoryStart !== null && sorted.length && !fits(directoryStart - expected)) throw misaligned(entry, sorted[sorted.length - 1].fileName);
}

function misaligned(entry: FileEntry, part: string): StudioError {
  return new StudioError(
    'SOURCE_CORRUPT',
    `${entry.displayPath} is damaged: its part ${part} is not where the workbook's table of contents says, or something is hidden around it.`,
    'Open it in Excel or LibreOffice, let it repair the file if it offers to, and save it again as .xlsx.',
    { where: { file: entry.displayPath } },
  );
}

function unsafeWorkbook(entry: FileEntry, why: string): StudioError {
  return new StudioError('SOURCE_UNSAFE', `${entry.displayPath} was not read: ${why}.`, 'If you trust the workbook, open it in Excel or LibreOffice and save it again (or save the sheet as CSV), or raise the zip limits (maxEntryBytes, maxTotalBytes, maxCompressionRatio) in the connection.', { where: { file: entry.displayPath } });
}

export function corruptWorkbook(entry: FileEntry, err: unknown, sheet?: string): StudioError {
  if (err instanceof StudioError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new StudioError(
    'SOURCE_CORRUPT',
    `${entry.displayPath}${sheet ? ` (sheet "${sheet}")` : ''} is damaged and cannot be read as a workbook: ${detail}.`,
    'The file may be cut off (an interrupted copy or download) or damaged: open it in Excel or LibreOffice, let it repair the file if it offers to, and save it again as .xlsx.',
    { where: { file: entry.displayPath, ...(sheet ? { table: sheet } : {}) }, cause: err },
  );
}

function isCompoundFile(head: Buffer): boolean {
  return head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1;
}

/** An OLE compound file is either an old .xls or an encrypted .xlsx (an `EncryptedPackage` stream). */
function compoundFileError(entry: FileEntry, head: Buffer): StudioError {
  const where = { file: entry.displayPath };
  if (head.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
    return new StudioError('SOURCE_UNSUPPORTED', `${entry.displayPath} is a password-protected (encrypted) workbook.`, 'Open it in Excel with its password, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it) and save it; or save a copy as CSV.', { where });
  }
  return new StudioError(
    'SOURCE_UNSUPPORTED',
    `${entry.displayPath} is an old-format Excel file (.xls), which the studio does not read.`,
    'Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx) or as CSV, then connect that file. (The studio leaves .xls alone because the readers available for it are not safe for files from elsewhere.)',
    { where },
  );
}

/**
 * The first directory sector of a compound file, where the stream names are (`EncryptedPackage`
 * for an encrypted workbook, `Workbook` for an .xls). It is usually near the start; if not, and
 * the file is on disk, it is read from where the header says.
 */
async function compoundDirectory(entry: FileEntry, head: Buffer): Promise<Buffer> {
  const sectorSize = 1 << head.readUInt16LE(0x1e);
  const firstDirSector = head.readUInt32LE(0x30);
  const offset = (firstDirSector + 1) * sectorSize;
  if (offset + sectorSize <= head.length || !entry.diskPath) return head;
  const handle = await open(entry.diskPath, 'r');
  try {
    const buf = Buffer.alloc(sectorSize * 4);
    const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
    return Buffer.concat([head, buf.subarray(0, bytesRead)]);
  } finally {
    await handle.close();
  }
}

async function readHead(entry: FileEntry, bytes: number): Promise<Buffer> {
  let stream: Readable;
  try {
    stream = await entry.open();
  } catch (err) {
    throw asFileError(err, { file: entry.displayPath }, 'an Excel workbook');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } catch (err) {
    throw asFileError(err, { file: entry.displayPath }, 'an Excel workbook');
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/** A workbook package opened with yauzl, and raw reads of its bytes (for the local headers). */
interface OpenPackage {
  zip: ZipFile;
  readAt(offset: number, length: number): Promise<Buffer>;
  release(): Promise<void>;
}

async function openPackage(entry: FileEntry, where: ErrorLocation): Promise<OpenPackage> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true };
  try {
    if (entry.diskPath) {
      const path = entry.diskPath;
      const zip = await new Promise<ZipFile>((resolve, reject) => yauzl.open(path, options, (err, z) => (err || !z ? reject(err) : resolve(z))));
      const handle = await open(path, 'r');
      const readAt = async (offset: number, length: number) => {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buf, 0, length, offset);
        return buf.subarray(0, bytesRead);
      };
      return { zip, readAt, release: () => handle.close() };
    }
    if (entry.size !== null && entry.size > MAX_BUFFERED_WORKBOOK) {
      throw new StudioError('SOURCE_UNSUPPORTED', `The workbook ${entry.displayPath} is too large to read from inside an archive.`, 'Unzip it and connect the workbook (or the folder) directly.', { where });
    }
    const buffer = await readHead(entry, MAX_BUFFERED_WORKBOOK + 1);
    const zip = await new Promise<ZipFile>((resolve, reject) => yauzl.fromBuffer(buffer, options, (err, z) => (err || !z ? reject(err) : resolve(z))));
    return { zip, readAt: async (offset, length) => buffer.subarray(offset, offset + length), release: async () => {} };
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('SOURCE_CORRUPT', `${entry.displayPath} is damaged or incomplete and cannot be opened as a workbook (${(err as Error).message}).`, 'The file may have been cut off while copying or downloading: copy it again, or open it in Excel or LibreOffice and save it again as .xlsx.', { where, cause: err });
  }
}

async function listParts(zip: ZipFile, where: ErrorLocation): Promise<Map<string, Entry>> {
  const parts = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: Entry) => {
      parts.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  }).catch((err: unknown) => {
    throw new StudioError('SOURCE_CORRUPT', `The workbook ${where.file} is damaged (${(err as Error).message}).`, 'Open it in Excel or LibreOffice and save it again as .xlsx.', { where, cause: err });
  });
  return parts;
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
}

/** The elements with the given local names in a small package part (workbook, relationships). */
async function elements(zip: ZipFile, entry: Entry, names: string[]): Promise<XmlElement[]> {
  const text = (await readPart(zip, entry, 16 * 1024 * 1024)).toString('utf8');
  const found: XmlElement[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const local = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    if (names.includes(local)) found.push({ name: local, attributes: tag.attributes as Record<string, string> });
  });
  parser.write(text).close();
  return found;
}

async function dimensionLastRow(zip: ZipFile, entry: Entry): Promise<number | null> {
  const head = (await readPart(zip, entry, 8 * 1024)).toString('utf8');
  const ref = /<(?:\w+:)?dimension[^>]*\bref="([^"]+)"/.exec(head)?.[1];
  if (!ref) return null;
  const last = ref.split(':').pop() ?? '';
  const row = /\d+$/.exec(last)?.[0];
  return row ? Number(row) : null;
}

function readPart(zip: ZipFile, entry: Entry, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err);
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= limit) {
          stream.destroy();
          resolve(Buffer.concat(chunks));
        }
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

/** Feeds a part's inflated bytes to `onChunk`; a throw from it stops the read and rejects. */
function streamPart(zip: ZipFile, entry: Entry, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err);
      stream.on('data', (chunk: Buffer) => {
        try {
          onChunk(chunk);
        } catch (e) {
          stream.destroy();
          reject(e);
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
  });
}

function normalizePart(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}
