import { z } from 'zod';

/**
 * The audit service's methods on a project FILE rather than the open project (CLI `audit verify`
 * and `audit export`): the file is read without its lock and without writing into its folder, so
 * they work while a studio has it open and on a read-only copy. Kept in a module of its own so
 * services.ts and schemas.ts only name it.
 */

const path = z.string().min(1).max(4096);

export const auditFileRequestSchemas = {
  verifyFile: z.object({ path }).strict(),
  exportFile: z.object({ path, format: z.string().min(1).max(20).optional(), out: path.optional(), overwrite: z.boolean().optional() }).strict(),
};

/** `audit.verifyFile`: the verdict on a project file's trail. */
export interface AuditFileVerification {
  /** The project file's full path. */
  file: string;
  valid: boolean;
  entries: number;
  firstBadEntry: number | null;
  /** Whether the entries' MACs were checked with this user's audit key (false: the hash chain only). */
  keyed: boolean;
  /** In words, what is wrong with the first bad entry; null when valid. */
  reason: string | null;
  /** The verdict and what it rests on, in sentences for people. */
  lines: string[];
}

/** `audit.exportFile`: where the trail was written and whether it was whole. */
export interface AuditFileExport {
  file: string;
  format: 'csv' | 'json';
  entries: number;
  valid: boolean;
  firstBadEntry: number | null;
  lines: string[];
}

export interface AuditFileMethods {
  /** Checks a project file's hash chain, MACs (with your audit key, when you hold it) and your checkpoint. */
  verifyFile(req: { path: string }): Promise<AuditFileVerification>;
  /**
   * Writes a project file's trail as CSV or JSON (`format`, default csv) to `out` (default
   * `<project folder>/<name>-audit.<format>`); an existing file is replaced only with `overwrite`.
   */
  exportFile(req: { path: string; format?: string; out?: string; overwrite?: boolean }): Promise<AuditFileExport>;
}
