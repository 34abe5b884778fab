/** See build-electron-sqlite.mjs. */
export declare function builderOsName(platform: string): 'mac' | 'win' | 'linux';
export declare function electronSqliteBindingPath(root: string, platform: string, arch: string): string;
export declare function buildElectronSqlite(options?: {
  root?: string;
  platform?: string;
  arch?: string;
  electronVersion?: string;
  force?: boolean;
  log?: (line: string) => void;
}): Promise<string>;
export declare function beforePack(context: unknown): Promise<void>;
export default beforePack;
