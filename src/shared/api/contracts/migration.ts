import { z } from 'zod';
import type { AssessmentReportFile } from '../../model/assessment';
import { CUTOVER_STEPS, type CutoverState } from '../../model/cutover';
import { migrationRecordInputSchema, plannedMilestoneSchema } from '../../model/migration-plan';
import type { MigrationProgress } from '../../model/migration-progress';
import { rolloverRulesSchema, type RolloverPreview, type RolloverRecord } from '../../model/rollover';
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
  /** Sets the migration record's typed-in fields (legacy system, scope, modules, approach, dates); the rest is computed. Audited. */
  setRecord: method(migrationRecordInputSchema).returns<MigrationProgress>(),
  /**
   * Plans milestones: each given one replaces that milestone's plan (a `due` of null clears its
   * date). Dates out of order, outside the migration's dates or without an owner are refused
   * with the reason (MIGRATION_PLAN_INVALID). Audited.
   */
  setMilestones: method(z.object({ milestones: z.array(plannedMilestoneSchema).min(1).max(20) }).strict()).returns<MigrationProgress>(),
  /** The plan a school signs: record, strategy, timeline, go/no-go and rehearsals, as HTML or PDF. */
  planDocument: method(z.object({ format: z.enum(['html', 'pdf']) }).strict()).returns<AssessmentReportFile>(),
  /**
   * A parallel run's sync: defines the one-way Delta sync `parallel-run` for every mapped entity
   * (nightly), or brings it up to the mappings; refused unless the approach is a parallel run.
   * The cutover runbook's last step stops it. Audited.
   */
  parallelSync: method(noParams).returns<MigrationProgress>(),
  /** The cutover runbook: each step's status and outcome, the freeze, the next step and the way back (src/shared/model/cutover.ts). */
  cutover: method(noParams).returns<CutoverState>(),
  /** Runs the runbook's next step (or the named one, which must be next); a step that cannot pass is `blocked` with the reason. Audited. */
  cutoverStep: method(z.object({ step: z.enum(CUTOVER_STEPS).optional() }).strict()).returns<CutoverState>(),
  /** Undoes the cutover from where it is: rolls the final load back when it ran, lifts the freeze, and starts the runbook again. Audited. */
  cutoverRollback: method(noParams).returns<CutoverState>(),
  /**
   * Plans the next school year's rollover from what Academia Pro holds (docs/rollover.md), with
   * the rules given saved first (audited), and keeps the preview: the changes by entity, in plain
   * words, the change gate's held categories and every problem with its place and fix.
   */
  rollover: method(z.object({ rules: rolloverRulesSchema.optional() }).strict()).returns<RolloverPreview>(),
  /** Approves one held category of the saved rollover preview (or every one). Audited. */
  rolloverApprove: method(z.object({ category: z.string().max(100).optional() }).strict()).returns<RolloverPreview>(),
  /** Applies the saved preview to Academia Pro when nothing blocks it and every held category is approved (answers it still held otherwise). Audited. */
  rolloverApply: method(noParams).returns<RolloverPreview>(),
  /** The rollovers applied in this project, newest first. */
  rolloverHistory: method(noParams).returns<{ rollovers: RolloverRecord[] }>(),
});

export type MigrationService = ServiceOf<typeof migrationContract>;
