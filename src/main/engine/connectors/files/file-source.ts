import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { diskFileEntry, type FileEntry } from './file-entry';
import { formatOf, type DetectedFormat } from './file-formats';
import { walkFolder } from './folder/folder-walk';
import type { FileFormat } from './table-reader';
import { ZipArchive, type ZipLimits } from './zip/zip-archive';

/** A file found in a source, with the format it will be read as (null: not a data file). */
export interface SourceFile {
  entry: FileEntry;
  format: DetectedFormat;
}

/**
 * Where a file connector's files come from: one file, a folder, or a zip. `naming` says how
 * streams are named (docs/conventions.md): a lone file's stream is its name without extension (a
 * workbook's, its sheet names); in a folder or zip, the relative path without extension.
 */
export interface FileSource {
  /** Words for messages: "CSV file", "folder", "zip archive". */
  readonly label: string;
  readonly path: string;
  readonly naming: 'single' | 'tree';
  files(): Promise<SourceFile[]>;
  close(): Promise<void>;
}

/** A single file read as `format`, whatever its extension. */
export function singleFileSource(path: string, format: FileFormat, label: string): FileSource {
  return {
    label,
    path,
    naming: 'single',
    async files() {
      const stat = existingPath(path, label);
      if (stat.isDirectory()) {
        throw new StudioError('SOURCE_UNSUPPORTED', `${path} is a folder, not a ${label}.`, 'Connect it as a folder source to read every file in it.', { where: { file: path } });
      }
      if (format === 'excel' && formatOf(path) === 'xls') {
        throw new StudioError('SOURCE_UNSUPPORTED', `${path} is an old-format Excel file (.xls), which the studio does not read.`, 'Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx) or as CSV, then connect that file.', { where: { file: path } });
      }
      return [{ entry: diskFileEntry(path, basename(path), stat.size), format }];
    },
    async close() {},
  };
}

/**
 * Every data file under a folder. `exclude` leaves out files the studio never reads (its key and
 * project files, reached inside a granted folder or through a link in it).
 */
export function folderSource(path: string, exclude?: (path: string, onDisk: boolean) => boolean): FileSource {
  return {
    label: 'folder',
    path,
    naming: 'tree',
    async files() {
      const stat = existingPath(path, 'folder');
      if (!stat.isDirectory()) {
        throw new StudioError('SOURCE_UNSUPPORTED', `${path} is a file, not a folder.`, 'Connect the file itself, or give the folder that holds it.', { where: { file: path } });
      }
      const entries = (await walkFolder(path)).filter((entry) => !exclude?.(entry.diskPath ?? entry.displayPath, true));
      return entries.map((entry) => ({ entry, format: formatOf(entry.relativePath) }));
    },
    async close() {},
  };
}

/** Every data file inside a zip, streamed out of it; `exclude` judges entries by name. */
export function zipSource(path: string, limits: ZipLimits, exclude?: (path: string, onDisk: boolean) => boolean): FileSource {
  let archive: ZipArchive | null = null;
  return {
    label: 'zip archive',
    path,
    naming: 'tree',
    async files() {
      existingPath(path, 'zip archive');
      archive?.close();
      archive = await ZipArchive.open(path, limits);
      return archive.entries.filter((entry) => !exclude?.(entry.relativePath, false)).map((entry) => ({ entry, format: formatOf(entry.relativePath) }));
    },
    async close() {
      archive?.close();
      archive = null;
    },
  };
}

function existingPath(path: string, label: string) {
  if (!existsSync(path)) {
    throw new StudioError('SOURCE_NOT_FOUND', `There is no ${label} at ${path}.`, 'Check the path; it may have been moved, renamed or be on a drive that is not connected.', { where: { file: path } });
  }
  return statSync(path);
}
