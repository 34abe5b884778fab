/** See electron-binary.mjs. */
export declare function findElectronBinary(options?: { root?: string; env?: Record<string, string | undefined> }): string | null;
