import { extname } from 'node:path';

export { DbfConnector, type DbfConnectorOptions, createDbfConnector } from './dbf-connector';
export { DBF_CODE_PAGES, type ChosenEncoding } from './dbf-code-pages';

/** File extension of dBase/FoxPro tables, for a folder source deciding which files to open here. */
export const DBF_EXTENSIONS: readonly string[] = ['.dbf'];

/**
 * Files that travel with a .dbf but are not tables: memo files (.dbt, .fpt) and index files
 * (.cdx, .mdx, .ndx, .ntx, .idx). A folder source should not offer them as streams.
 */
export const DBF_COMPANION_EXTENSIONS: readonly string[] = ['.dbt', '.fpt', '.cdx', '.mdx', '.ndx', '.ntx', '.idx'];

/** True when the path names a dBase/FoxPro table (by extension, any letter case). */
export function isDbfFile(path: string): boolean {
  return DBF_EXTENSIONS.includes(extname(path).toLowerCase());
}
