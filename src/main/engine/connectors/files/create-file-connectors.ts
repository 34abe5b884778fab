import { resolve } from 'node:path';
import type { ConnectorGuard, SourceConnector } from '../connector';
import { parseFileConfig } from './file-config';
import { FileSourceConnector } from './file-source-connector';
import { folderSource, singleFileSource, zipSource } from './file-source';

type Config = Record<string, string | number | boolean>;

/**
 * Factories for the file source kinds, one per ConnectionKind. Each takes the connection's config
 * (`path` plus the optional keys of FileReadConfig) and the secret (unused: no file kind here takes
 * a password). Files are opened lazily, so building a connector never fails on a missing file:
 * check() says why instead.
 */
export function createCsvConnector(config: Config, _secret: string | null = null): FileSourceConnector {
  const c = parseFileConfig(config);
  return new FileSourceConnector('csv', singleFileSource(resolve(c.path), 'csv', 'CSV file'), c);
}

export function createExcelConnector(config: Config, _secret: string | null = null): FileSourceConnector {
  const c = parseFileConfig(config);
  return new FileSourceConnector('excel', singleFileSource(resolve(c.path), 'excel', 'Excel workbook'), c);
}

export function createJsonConnector(config: Config, _secret: string | null = null): FileSourceConnector {
  const c = parseFileConfig(config);
  return new FileSourceConnector('json', singleFileSource(resolve(c.path), 'json', 'JSON file'), c);
}

export function createXmlConnector(config: Config, _secret: string | null = null): FileSourceConnector {
  const c = parseFileConfig(config);
  return new FileSourceConnector('xml', singleFileSource(resolve(c.path), 'xml', 'XML file'), c);
}

export function createFolderConnector(config: Config, _secret: string | null = null, guard: ConnectorGuard = {}): FileSourceConnector {
  const c = parseFileConfig(config);
  return new FileSourceConnector('folder', folderSource(resolve(c.path), guard.excludeFile), c);
}

export function createZipConnector(config: Config, _secret: string | null = null, guard: ConnectorGuard = {}): FileSourceConnector {
  const c = parseFileConfig(config);
  return new FileSourceConnector('zip', zipSource(resolve(c.path), c, guard.excludeFile), c);
}

/** Every factory by kind, for the lead's open-connector switch. */
export const FILE_CONNECTOR_FACTORIES: Record<'csv' | 'excel' | 'json' | 'xml' | 'folder' | 'zip', (config: Config, secret: string | null, guard?: ConnectorGuard) => SourceConnector> = {
  csv: createCsvConnector,
  excel: createExcelConnector,
  json: createJsonConnector,
  xml: createXmlConnector,
  folder: createFolderConnector,
  zip: createZipConnector,
};
