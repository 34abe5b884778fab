export { createCsvConnector, createExcelConnector, createFolderConnector, createJsonConnector, createXmlConnector, createZipConnector, FILE_CONNECTOR_FACTORIES } from './create-file-connectors';
export { FileSourceConnector, type SkippedFile } from './file-source-connector';
export type { FileReadConfig } from './file-config';
