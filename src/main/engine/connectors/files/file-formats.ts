import { extname } from 'node:path';
import type { FileFormat } from './table-reader';

/** What a file's extension says it is; `xls` is recognised only to refuse it clearly. */
export type DetectedFormat = FileFormat | 'xls' | null;

const BY_EXTENSION: Record<string, DetectedFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.psv': 'csv',
  '.txt': 'csv',
  '.xlsx': 'excel',
  '.xlsm': 'excel',
  '.xls': 'xls',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
  '.xml': 'xml',
};

export function formatOf(path: string): DetectedFormat {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}

/** A path without its extension: the stream name of a file (docs/conventions.md). */
export function withoutExtension(path: string): string {
  const ext = extname(path);
  return ext ? path.slice(0, -ext.length) : path;
}

/** Files a folder or zip holds that are not data: macOS resource forks, hidden and temporary files. */
export function isNoise(relativePath: string): boolean {
  return relativePath.split('/').some((part) => part.startsWith('.') || part === '__MACOSX' || part.startsWith('~$'));
}
