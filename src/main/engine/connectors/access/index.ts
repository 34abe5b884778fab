import { extname } from 'node:path';

export { AccessConnector, type AccessConnectorOptions, createAccessConnector } from './access-connector';

/** File extensions of Access databases, for a folder source deciding which files to open here. */
export const ACCESS_EXTENSIONS: readonly string[] = ['.mdb', '.accdb'];

/** True when the path names an Access database (by extension, any letter case). */
export function isAccessFile(path: string): boolean {
  return ACCESS_EXTENSIONS.includes(extname(path).toLowerCase());
}
