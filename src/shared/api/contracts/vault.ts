import { z } from 'zod';
import { defineService, method, type ServiceOf } from '../contract';

/**
 * The `vault` service: the per-user vault key outside any project (CLI `vault key-for-job`).
 * Kept in a module of its own so services.ts and schemas.ts only name it.
 */

export const vaultRequestSchemas = {
  keyForJob: z.object({ folder: z.string().min(1).max(4096), passphrase: z.string().min(1).max(4096) }).strict(),
};

/** The vault's host-side commands (`vault key-for-job`). */
export const vaultContract = defineService({
  keyForJob: method(vaultRequestSchemas.keyForJob).returns<{ keyFile: string }>(),
});

export type VaultService = ServiceOf<typeof vaultContract>;
