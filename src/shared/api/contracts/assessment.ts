import { z } from 'zod';
import type { AssessmentProgress, AssessmentReportFile, AssessmentResult, AssessmentSummary, MatchDecision, SurvivorRule } from '../../model/assessment';
import type { DuplicatePair } from '../../model/duplicate-pair';
import { defineService, method, noParams, scopedEvent, type EventsOf, type ServiceOf } from '../contract';
import { id } from './common';

/** Assessment of a source's data: profile, findings, readiness, duplicates, report. */
export const assessmentContract = defineService({
  /** Assess a connection in the background; progress arrives as `assessment.progress` events (`listen('assessment.progress', assessmentId)`). */
  start: method(z.object({ connectionId: id }).strict()).returns<{ assessmentId: string }>(),
  list: method(noParams).returns<AssessmentSummary[]>(),
  /** The full result (findings with masked examples, relationships, duplicates, profiles). */
  get: method(z.object({ assessmentId: id }).strict()).returns<AssessmentResult & { assessmentId: string; decisions: MatchDecision[]; survivorRule: SurvivorRule }>(),
  cancel: method(z.object({ assessmentId: id }).strict()).returns<void>(),
  /** Confirm or reject a duplicate pair; decisions become the person crosswalk runs use. */
  decide: method(
    z.object({ assessmentId: id, table: z.string().min(1).max(300), left: z.string().min(1).max(600), right: z.string().min(1).max(600), decision: z.enum(['same', 'different']).nullable() }).strict(),
  ).returns<MatchDecision[]>(),
  setSurvivorRule: method(z.object({ rule: z.enum(['most-recent', 'most-complete', 'keep-left']) satisfies z.ZodType<SurvivorRule> }).strict()).returns<void>(),
  /** The report for download, rendered from the saved result. */
  report: method(z.object({ assessmentId: id, format: z.enum(['html', 'pdf', 'csv']) }).strict()).returns<AssessmentReportFile>(),
  /** The two records of a candidate pair, read from the source by key, for a side-by-side review; personal values masked unless `reveal` (audited). */
  pair: method(z.object({ assessmentId: id, table: z.string().min(1).max(300), left: z.string().min(1).max(600), right: z.string().min(1).max(600), reveal: z.boolean().optional() }).strict()).returns<DuplicatePair>(),
});

export type AssessmentService = ServiceOf<typeof assessmentContract>;

export const assessmentEvents = {
  'assessment.progress': scopedEvent<AssessmentProgress>((progress) => progress.assessmentId),
  'assessment.updated': scopedEvent<AssessmentSummary>((summary) => summary.assessmentId),
};
export type AssessmentEvents = EventsOf<typeof assessmentEvents>;
