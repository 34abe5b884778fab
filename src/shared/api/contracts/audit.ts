import { z } from 'zod';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { auditFileRequestSchemas, type AuditFileExport, type AuditFileVerification } from './audit-files';

/** One audit entry as shown: never a secret; personal data masked. */
export interface AuditEntryInfo {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object: string;
  summary: string;
  hash: string;
}

/** The project's tamper-evident audit trail (read-only: entries are written by the engine). */
export const auditContract = defineService({
  list: method(
    z
      .object({
        action: z.string().max(100).optional(),
        object: z.string().max(300).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        beforeSeq: z.number().int().min(1).optional(),
      })
      .strict(),
  ).returns<AuditEntryInfo[]>(),
  verify: method(noParams).returns<{ valid: boolean; entries: number; firstBadEntry: number | null; keyed: boolean }>(),
  /** Verify the trail of a project file the caller names (`audit verify`), without opening it as the project. */
  verifyFile: method(auditFileRequestSchemas.verifyFile).returns<AuditFileVerification>(),
  /** Export the trail of a project file the caller names (`audit export`). */
  exportFile: method(auditFileRequestSchemas.exportFile).returns<AuditFileExport>(),
});

export type AuditService = ServiceOf<typeof auditContract>;
