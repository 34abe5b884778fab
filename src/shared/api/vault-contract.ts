import { z } from 'zod';

/**
 * The `vault` service: the per-user vault key outside any project (CLI `vault key-for-job`).
 * Kept in a module of its own so services.ts and schemas.ts only name it.
 */

export const vaultRequestSchemas = {
  keyForJob: z.object({ folder: z.string().min(1).max(4096), passphrase: z.string().min(1).max(4096) }).strict(),
};

export interface VaultService {
  /**
   * Writes a passphrase-only copy of your vault key into an empty configuration folder, for a
   * scheduled job running under another account (docs/security.md). The passphrase is used once
   * and never kept. Outside the command line, the folder must have been picked by a person.
   */
  keyForJob(req: { folder: string; passphrase: string }): Promise<{ keyFile: string }>;
}
