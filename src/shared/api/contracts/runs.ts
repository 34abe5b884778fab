import { z } from 'zod';
import type { RunEvent, RunInfo, RunProgress, StartRunRequest } from '../../model/run';
import { defineService, method, scopedEvent, type EventsOf, type ServiceOf } from '../contract';
import { id } from './common';
import { rejectsRequestSchemas, type RejectsExport, type RejectsFixed, type RejectsPage } from './rejects';
import { runPlanRequestSchema, type RunPlanPreview } from './run-plan';
import { reconcileRequestSchemas, type ReconciliationDocument, type ReconciliationReportFile } from './reconcile';
import { rollbackRequestSchemas, type RollbackReport } from './rollback';

/** Runs (the seed's bulk data operations): start, watch, cancel. */
export const runsContract = defineService({
  /** Start a run in the background; progress arrives as `run.progress` events (`listen('run.progress', runId)`). */
  start: method(z.object({ entities: z.array(z.string().min(1)).optional(), dryRun: z.boolean().optional() }).strict() satisfies z.ZodType<StartRunRequest>).returns<{ runId: string }>(),
  list: method(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<RunInfo[]>(),
  get: method(z.object({ runId: id }).strict()).returns<RunInfo>(),
  cancel: method(z.object({ runId: id }).strict()).returns<void>(),
  events: method(z.object({ runId: id, afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict()).returns<RunEvent[]>(),
  /** A page of a run's rejected rows with their reasons, the total and counts by code and field; personal values masked as in previews. */
  rejects: method(rejectsRequestSchemas.rejects).returns<RejectsPage>(),
  /** Write a run's rejected rows to CSV or xlsx (by the file's extension) with source row numbers, formula-like cells neutralized; owner-only, never over a file unless `overwrite`. Audited. */
  exportRejects: method(rejectsRequestSchemas.exportRejects).returns<RejectsExport>(),
  /** Correct (or forget the correction of) fields of rejects: the value each field takes in Academia Pro, kept with who and when in the project file; the source is never written. Audited. */
  fixRejects: method(rejectsRequestSchemas.fixRejects).returns<RejectsFixed>(),
  /**
   * Re-run only what failed: a run of operation `Rerun` that reads the run's unresolved rejects
   * again from the source (by row number, or by key for records the target refused), applies the
   * corrections, and validates, stages and pushes those rows alone; rejects that pass are marked
   * resolved, the others keep their new reasons. Audited.
   */
  rerunRejects: method(rejectsRequestSchemas.rerunRejects).returns<{ runId: string }>(),
  /** The plan a run would follow, before it starts: entities in load order with their row counts and a time estimate (the target's limits, measured latency). */
  plan: method(runPlanRequestSchema).returns<RunPlanPreview>(),
  /** Read this run's records back from the target, compare their fields with what was staged, store and answer the certificate (docs/reconciliation.md). */
  reconcile: method(reconcileRequestSchemas.reconcile).returns<ReconciliationDocument>(),
  /** The certificate as last stored, mismatches paged by `limit`/`offset`; reads nothing from the target. */
  reconciliation: method(reconcileRequestSchemas.reconciliation).returns<ReconciliationDocument>(),
  /** The stored certificate as HTML, PDF (printed from the HTML by Chromium) or CSV (cells neutralised). */
  reconciliationReport: method(reconcileRequestSchemas.reconciliationReport).returns<ReconciliationReportFile>(),
  /**
   * Roll back a run (or one entity of it) in the background, as a run of operation `Rollback`:
   * updated records get their pre-image back, created ones are deleted, in reverse load order,
   * never over a record changed since (a conflict). A rollback of the same run and scope that
   * stopped unfinished is resumed under its own run id. Audited.
   */
  rollback: method(rollbackRequestSchemas.rollback).returns<{ runId: string }>(),
  /** What a rollback run did: per entity restored, deleted, unchanged and conflicts, and its conflicts a page at a time. */
  rollbackReport: method(rollbackRequestSchemas.rollbackReport).returns<RollbackReport>(),
});

export type RunsService = ServiceOf<typeof runsContract>;

/** Every run event can be listened to for one run (`listen('run.progress', runId)`). */
export const runsEvents = {
  'run.updated': scopedEvent<RunInfo>((run) => run.runId),
  'run.progress': scopedEvent<RunProgress>((progress) => progress.runId),
  'run.event': scopedEvent<RunEvent>((event) => event.runId),
};
export type RunsEvents = EventsOf<typeof runsEvents>;
