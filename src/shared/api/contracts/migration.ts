import { z } from 'zod';
import type { MigrationProgress } from '../../model/migration-progress';
import { defineService, method, noParams, type ServiceOf } from '../contract';

/** Where the migration stands and its plan (docs/conventions.md `migration status`). */
export const migrationContract = defineService({
  /** The status, the current step, each stage's exit criteria and the go/no-go checklist, computed from the project. */
  status: method(noParams).returns<MigrationProgress>(),
  /** Sets what go/no-go is measured against: the readiness threshold, the reject limit and the data-freeze window. Audited. */
  setPlan: method(
    z
      .object({
        readinessThreshold: z.number().int().min(0).max(100).optional(),
        rejectLimit: z.number().min(0).max(1).optional(),
        freezeWindow: z.object({ from: z.string().max(40), to: z.string().max(40) }).strict().nullable().optional(),
      })
      .strict(),
  ).returns<MigrationProgress>(),
});

export type MigrationService = ServiceOf<typeof migrationContract>;
