import { z } from 'zod';

/**
 * The migration project as a school agrees it: the seed's LEGACY_MIGRATION record (legacy system,
 * scope, dates), the strategy, and the timeline of milestones. What a person decides is typed in
 * (and checked here); what the project's data can tell — volumes, complexity, risk, whether a
 * milestone is done — is computed, never typed (migration-progress.ts gathers the facts).
 */

export const MIGRATION_SCOPES = ['Full', 'Partial', 'Module-specific'] as const;
export type MigrationScope = (typeof MIGRATION_SCOPES)[number];

/** The modules a partial or module-specific migration can carry (issue 22). */
export const MIGRATION_MODULES = ['people', 'timetable', 'attendance', 'grades', 'fees'] as const;
export type MigrationModule = (typeof MIGRATION_MODULES)[number];

export const MIGRATION_APPROACHES = ['big-bang', 'phased-by-module', 'phased-by-school', 'parallel-run'] as const;
export type MigrationApproach = (typeof MIGRATION_APPROACHES)[number];

/** The timeline's milestones, in the order they happen. */
export const MILESTONES = ['assessment-done', 'mapping-signed-off', 'rehearsal-1', 'rehearsal-2', 'data-freeze', 'cutover', 'validation', 'decommission'] as const;
export type MilestoneName = (typeof MILESTONES)[number];

/** Milestones no project fact can prove: a person marks them done. */
export const MANUAL_MILESTONES: readonly MilestoneName[] = ['decommission'];

const isoDate = z.string().max(40);

/** What a person sets about the migration (every field optional: set what you know). */
export const migrationRecordInputSchema = z
  .object({
    legacySystem: z.object({ name: z.string().trim().min(1).max(200), version: z.string().trim().max(100).nullable().optional() }).strict().nullable().optional(),
    scope: z.enum(MIGRATION_SCOPES).optional(),
    modules: z.array(z.enum(MIGRATION_MODULES)).max(MIGRATION_MODULES.length).optional(),
    approach: z.enum(MIGRATION_APPROACHES).optional(),
    startDate: isoDate.nullable().optional(),
    endDate: isoDate.nullable().optional(),
    /** The first day of the school year being migrated (yyyy-MM-dd): the assessment checks ages against grades on that day. */
    schoolYearStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written yyyy-MM-dd').nullable().optional(),
  })
  .strict();
export type MigrationRecordInput = z.infer<typeof migrationRecordInputSchema>;

/** The stored part of the record. */
export interface MigrationRecordStored {
  legacySystem: { name: string; version: string | null } | null;
  scope: MigrationScope;
  modules: MigrationModule[];
  approach: MigrationApproach | null;
  startDate: string | null;
  endDate: string | null;
  /** The first day of the school year being migrated (the project scope's year), yyyy-MM-dd; absent in records saved before it existed. */
  schoolYearStart?: string | null;
}

export const EMPTY_MIGRATION_RECORD: MigrationRecordStored = { legacySystem: null, scope: 'Full', modules: [...MIGRATION_MODULES], approach: null, startDate: null, endDate: null, schoolYearStart: null };

/** The sync a parallel run keeps Academia Pro in step with (created by `migration.parallelSync`). */
export const PARALLEL_SYNC_NAME = 'parallel-run';

/** The parallel run's sync as the project holds it. */
export interface ParallelSyncFact {
  name: string;
  entities: string[];
  /** Its schedule (null: run by hand only, e.g. once the cutover stopped it). */
  cron: string | null;
  timezone: string;
}

/** The record as shown: the stored fields plus what the project's data tells. */
export interface MigrationRecord extends MigrationRecordStored {
  /** Records to migrate, summed over the latest assessments' entities; null before an assessment. */
  dataVolumeEstimate: number | null;
  complexity: 'Low' | 'Medium' | 'High' | null;
  /** 0–100, higher is riskier: 100 minus the lowest readiness score, plus 5 per blocking finding (capped). */
  riskScore: number | null;
  rollbackPlanAvailable: boolean;
  /** What the chosen strategy means in practice, one sentence each. */
  implications: string[];
  /** The parallel run's sync, when defined (absent in answers from before it existed). */
  parallelSync?: ParallelSyncFact | null;
}

/** One milestone as planned by a person. */
export const plannedMilestoneSchema = z
  .object({
    name: z.enum(MILESTONES),
    due: isoDate.nullable().optional(),
    owner: z.string().trim().max(120).nullable().optional(),
    /** Only for milestones no fact can prove (decommission). */
    done: z.boolean().optional(),
  })
  .strict();
export type PlannedMilestone = z.infer<typeof plannedMilestoneSchema>;

/** A reason a record or timeline was refused, with the field to fix. */
export interface PlanProblem {
  field: string;
  message: string;
  hint: string;
}

const dayOf = (text: string): number | null => {
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
};

/** Checks a record before it is saved: dates that parse and come in order, modules that fit the scope. */
export function recordProblems(record: MigrationRecordStored): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const start = record.startDate ? dayOf(record.startDate) : null;
  const end = record.endDate ? dayOf(record.endDate) : null;
  if (record.schoolYearStart && dayOf(record.schoolYearStart) === null) problems.push({ field: 'schoolYearStart', message: `The school year's first day "${record.schoolYearStart}" is not a date.`, hint: 'Give it as yyyy-MM-dd, e.g. 2026-09-01.' });
  if (record.startDate && start === null) problems.push({ field: 'startDate', message: `The start date "${record.startDate}" is not a date.`, hint: 'Give it as an ISO 8601 date, e.g. 2027-03-01.' });
  if (record.endDate && end === null) problems.push({ field: 'endDate', message: `The end date "${record.endDate}" is not a date.`, hint: 'Give it as an ISO 8601 date, e.g. 2027-08-31.' });
  if (start !== null && end !== null && end < start) problems.push({ field: 'endDate', message: `The migration ends (${record.endDate}) before it starts (${record.startDate}).`, hint: 'Give the start date first and an end date after it.' });
  if (record.scope === 'Full' && record.modules.length !== MIGRATION_MODULES.length) {
    problems.push({ field: 'modules', message: 'A full migration carries every module.', hint: 'Choose scope Partial or Module-specific to leave modules out.' });
  }
  if (record.scope === 'Module-specific' && record.modules.length !== 1) {
    problems.push({ field: 'modules', message: `A module-specific migration carries exactly one module (${record.modules.length} chosen).`, hint: 'Pick one module, or choose scope Partial for several.' });
  }
  if (record.scope === 'Partial' && (record.modules.length === 0 || record.modules.length === MIGRATION_MODULES.length)) {
    problems.push({ field: 'modules', message: 'A partial migration leaves out some modules and keeps at least one.', hint: 'Pick the modules to migrate, or choose scope Full.' });
  }
  if (record.approach === 'phased-by-module' && record.modules.length < 2) {
    problems.push({ field: 'approach', message: 'A migration phased by module needs at least two modules to phase.', hint: 'Choose big bang for a single module, or add modules.' });
  }
  return problems;
}

/**
 * Checks a timeline: each due date parses, comes no earlier than the milestone before it, falls
 * inside the migration's dates when they are set, and has an owner — a date nobody owns is not a plan.
 */
export function timelineProblems(milestones: PlannedMilestone[], record: MigrationRecordStored): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  const ordered = [...milestones].sort((a, b) => MILESTONES.indexOf(a.name) - MILESTONES.indexOf(b.name));
  let previous: { name: string; at: number; due: string } | null = null;
  const start = record.startDate ? dayOf(record.startDate) : null;
  const end = record.endDate ? dayOf(record.endDate) : null;
  for (const m of ordered) {
    if (seen.has(m.name)) problems.push({ field: m.name, message: `The milestone ${m.name} is given twice.`, hint: 'Give each milestone once.' });
    seen.add(m.name);
    if (m.done !== undefined && !MANUAL_MILESTONES.includes(m.name)) {
      problems.push({ field: m.name, message: `${m.name} is done when the project shows it, not when it is ticked.`, hint: `Only ${MANUAL_MILESTONES.join(', ')} is marked done by hand.` });
    }
    if (!m.due) continue;
    const at = dayOf(m.due);
    if (at === null) {
      problems.push({ field: m.name, message: `The due date of ${m.name}, "${m.due}", is not a date.`, hint: 'Give it as an ISO 8601 date, e.g. 2027-05-14.' });
      continue;
    }
    if (!m.owner) problems.push({ field: m.name, message: `The milestone ${m.name} has a due date but no owner.`, hint: 'Name the person responsible for it (--owner).' });
    if (previous && at < previous.at) problems.push({ field: m.name, message: `${m.name} is due ${m.due}, before ${previous.name} (${previous.due}), which comes first.`, hint: 'Milestones follow each other: move the date, or the earlier milestone.' });
    if (start !== null && at < start) problems.push({ field: m.name, message: `${m.name} is due ${m.due}, before the migration starts (${record.startDate}).`, hint: 'Move the date, or the migration\'s start date.' });
    if (end !== null && at > end + 86_400_000 - 1) problems.push({ field: m.name, message: `${m.name} is due ${m.due}, after the migration ends (${record.endDate}).`, hint: 'Move the date, or the migration\'s end date.' });
    previous = { name: m.name, at, due: m.due };
  }
  return problems;
}

/** What a strategy implies, spelled out for the school (shown with the record and in the plan document). */
export function strategyImplications(record: MigrationRecordStored, sync: ParallelSyncFact | null = null): string[] {
  const lines: string[] = [];
  const modules = record.modules.join(', ');
  if (record.scope === 'Full') lines.push('Every module moves: people, timetable, attendance, grades and fees.');
  else lines.push(`Only ${modules} move${record.modules.length === 1 ? 's' : ''}; the legacy system stays the home of the rest, so it cannot be switched off at cutover.`);
  switch (record.approach) {
    case 'big-bang':
      lines.push('One cutover: everything in scope moves in a single data freeze, so rehearse the whole load at full volume at least twice and keep the freeze long enough for the last rehearsal\'s duration plus reconciliation.');
      break;
    case 'phased-by-module':
      lines.push('Each module cuts over on its own date; people move first because every other module refers to them. Modules not yet moved keep being written in the legacy system, so each phase has its own rehearsal, freeze and reconciliation.');
      break;
    case 'phased-by-school':
      lines.push('Each school cuts over on its own date with the project scope set to that school; shared data (staff working at several schools) moves with the first school and is kept in step for the others.');
      break;
    case 'parallel-run':
      lines.push('Both systems run side by side until cutover: a sync definition keeps Academia Pro in step with the legacy system, and at cutover Academia Pro becomes the system of record. Decide which system owns which fields before the parallel run starts.');
      lines.push(parallelSyncWords(sync));
      break;
    default:
      lines.push('No approach is chosen yet: big bang, phased by module, phased by school, or a parallel run.');
  }
  return lines;
}

/** What the parallel run's sync is doing, or how to create it. */
function parallelSyncWords(sync: ParallelSyncFact | null): string {
  if (!sync) return `No sync is defined yet: create "${PARALLEL_SYNC_NAME}" with one action on the Plan screen (or \`academia-studio migration parallel-sync\`); it follows every mapped entity, so map first.`;
  const when = sync.cron ? `on the schedule "${sync.cron}" (${sync.timezone})` : 'only when run by hand (it has no schedule)';
  return `The sync "${sync.name}" keeps ${sync.entities.join(', ')} in step ${when}, one way, legacy → Academia Pro. The studio never writes into the legacy system, so the cutover's last step stops it (clears its schedule) rather than switching its direction; rolling the cutover back puts its schedule back.`;
}

/** A rehearsal as compared with the one before it. */
export interface RehearsalSummary {
  runId: string;
  label: string | null;
  endedAt: string | null;
  durationMs: number | null;
  read: number;
  rejected: number;
  mismatches: number;
  /** Rejected rows by reason code, most first. */
  rejectsByReason: { code: string; count: number }[];
  /** Against the previous rehearsal (null for the first): negative numbers are progress. */
  change: { rejected: number; mismatches: number; durationMs: number | null; reasons: { code: string; before: number; after: number }[] } | null;
}

export interface RehearsalComparison {
  /** Oldest first, so the list reads as the project's history. */
  rehearsals: RehearsalSummary[];
  /** Whether the last rehearsals are converging: fewer rejects and mismatches each time. */
  trend: 'converging' | 'diverging' | 'flat' | 'not-enough';
  /** The trend in words. */
  summary: string;
}

/** Compares each rehearsal with the one before, oldest first. */
export function compareRehearsals(runs: Omit<RehearsalSummary, 'change'>[]): RehearsalComparison {
  const rehearsals: RehearsalSummary[] = [];
  for (const run of runs) {
    const before = rehearsals[rehearsals.length - 1];
    if (!before) {
      rehearsals.push({ ...run, change: null });
      continue;
    }
    const codes = new Set([...before.rejectsByReason.map((r) => r.code), ...run.rejectsByReason.map((r) => r.code)]);
    const count = (list: { code: string; count: number }[], code: string) => list.find((r) => r.code === code)?.count ?? 0;
    const reasons = [...codes]
      .map((code) => ({ code, before: count(before.rejectsByReason, code), after: count(run.rejectsByReason, code) }))
      .filter((r) => r.before !== r.after)
      .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.code.localeCompare(b.code));
    rehearsals.push({
      ...run,
      change: {
        rejected: run.rejected - before.rejected,
        mismatches: run.mismatches - before.mismatches,
        durationMs: run.durationMs !== null && before.durationMs !== null ? run.durationMs - before.durationMs : null,
        reasons,
      },
    });
  }
  const last = rehearsals[rehearsals.length - 1];
  if (!last?.change) return { rehearsals, trend: 'not-enough', summary: rehearsals.length ? 'One rehearsal so far: a second one shows whether the project converges.' : 'No rehearsal yet.' };
  const problems = (r: RehearsalSummary) => r.rejected + r.mismatches;
  const before = rehearsals[rehearsals.length - 2];
  const delta = problems(last) - problems(before);
  const trend = delta < 0 ? 'converging' : delta > 0 ? 'diverging' : 'flat';
  const words = `${last.rejected} rejected row${last.rejected === 1 ? '' : 's'} and ${last.mismatches} mismatch${last.mismatches === 1 ? '' : 'es'} (before: ${before.rejected} and ${before.mismatches})`;
  const summary =
    trend === 'converging'
      ? `Converging: the last rehearsal has ${words}.`
      : trend === 'diverging'
        ? `Diverging: the last rehearsal has ${words}; see which reasons grew.`
        : problems(last) === 0
          ? 'Clean: the last two rehearsals have no rejected row and no mismatch.'
          : `No progress: the last rehearsal has ${words}.`;
  return { rehearsals, trend, summary };
}
