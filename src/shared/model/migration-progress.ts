import type { MigrationStatus } from './counters';
import {
  EMPTY_MIGRATION_RECORD,
  MILESTONES,
  compareRehearsals,
  strategyImplications,
  type MigrationRecord,
  type MigrationRecordStored,
  type MilestoneName,
  type ParallelSyncFact,
  type PlannedMilestone,
  type RehearsalComparison,
} from './migration-plan';

/**
 * Where a migration stands, computed from what the project holds — never typed in, never moved by
 * hand. Both sides use it: the engine to answer `migration.status` (and the CLI's `migration
 * status`), the renderer's stepper to show what blocks the next stage. docs/conventions.md gives
 * the `--json` shape (`status`, `stage`, `checklist`, `milestones`); the rest is additive.
 */

/** The facts the stages and the go/no-go checklist are decided from. */
export interface MigrationFacts {
  connections: number;
  /** The latest assessment of each connection (absent: never assessed). */
  assessments: { connectionId: string; connectionName: string; status: 'Processing' | 'Completed' | 'Failed' | 'Cancelled' | 'Interrupted'; score: number | null; errors: number }[];
  /** Every connection id, so a connection never assessed is named. */
  connectionNames: { connectionId: string; connectionName: string }[];
  mappings: { id: string; entity: string; signedOff: boolean }[];
  /** Runs, newest first. `rehearsal`: pushed to the embedded sandbox, or a dry run. */
  runs: {
    runId: string;
    status: string;
    dryRun: boolean;
    rehearsal: boolean;
    rejected: number;
    read: number;
    mismatches: number;
    endedAt: string | null;
    /** Added with the timeline (issue 22); absent in older callers. */
    durationMs?: number | null;
    label?: string | null;
    /** Rejected rows by reason code, gathered for completed rehearsals only. */
    rejectsByReason?: { code: string; count: number }[];
  }[];
  /** The readiness score a go-live needs (0–100). */
  readinessThreshold: number;
  /** Rejected rows a clean rehearsal may still have, as a share of rows read (0–1). */
  rejectLimit: number;
  /** Rollback rehearsed: a rollback run (pre-images written back, created records deleted) completed once. */
  rollbackRehearsed: boolean;
  /** The agreed data-freeze window, if set. */
  freezeWindow: { from: string; to: string } | null;
  /** The clock the timeline is judged by (late milestones); absent: now. */
  now?: string;
  /** The migration record as the school set it; absent: nothing set yet. */
  record?: MigrationRecordStored;
  /** The milestones as planned (dates, owners); absent: none planned. */
  plannedMilestones?: PlannedMilestone[];
  /** The parallel run's sync (`PARALLEL_SYNC_NAME`), when the project defines it. */
  parallelSync?: ParallelSyncFact | null;
  /** What the latest completed assessments tell about the whole migration; null before one. */
  assessed?: { records: number | null; complexity: 'Low' | 'Medium' | 'High' | null; effortDays: number; pushMinutes: number | null; blockers: number } | null;
}

/** One condition: what it asks, whether it holds, and in words why (or why not). */
export interface MigrationCriterion {
  item: string;
  ok: boolean;
  detail: string;
  /** The screen where it is done or fixed. */
  where: MigrationWhere;
}

export type MigrationWhere = 'sources' | 'assessment' | 'mapping' | 'runs' | 'target' | 'settings';

export interface MigrationStageProgress {
  status: MigrationStatus;
  /** What must hold before the migration moves past this stage. */
  exit: MigrationCriterion[];
  state: 'done' | 'current' | 'upcoming';
}

export interface MigrationMilestone {
  name: string;
  due: string | null;
  owner: string | null;
  status: 'Planned' | 'Done' | 'Late';
  /** How the status was decided, in words (added with the timeline, issue 22). */
  detail?: string;
  /** What the project's measurements say the milestone takes, or null when nothing is measured yet. */
  estimate?: string | null;
}

export interface MigrationProgress {
  status: MigrationStatus;
  /** The guided workflow's current step: the `item` of the first exit criterion that does not hold, or `done`. */
  stage: string;
  stages: MigrationStageProgress[];
  /** The go/no-go checklist for cutover, computed (docs/conventions.md). */
  checklist: MigrationCriterion[];
  /** The migration timeline: every milestone, planned or not, in order. */
  milestones: MigrationMilestone[];
  /** True when every checklist item holds. */
  go: boolean;
  /** The migration record with what the project's data tells (issue 22). */
  record?: MigrationRecord;
  /** The rehearsals compared one with the next (issue 22). */
  rehearsals?: RehearsalComparison;
  /** What go/no-go is measured against, as `migration.setPlan` left it (the Settings screen's form shows it). */
  measures?: { readinessThreshold: number; rejectLimit: number; freezeWindow: { from: string; to: string } | null };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The exit criteria of each stage but the last, in order. */
function exitCriteria(f: MigrationFacts): Record<Exclude<MigrationStatus, 'Completed'>, MigrationCriterion[]> {
  const completed = new Map(f.assessments.filter((a) => a.status === 'Completed').map((a) => [a.connectionId, a]));
  const unassessed = f.connectionNames.filter((c) => !completed.has(c.connectionId)).map((c) => c.connectionName);
  const realRuns = f.runs.filter((r) => !r.dryRun);
  const lastCompleted = realRuns.find((r) => r.status === 'Completed');
  return {
    Planning: [
      {
        item: 'connect-source',
        ok: f.connections > 0,
        detail: f.connections > 0 ? `${plural(f.connections, 'source')} connected.` : 'No source is connected yet.',
        where: 'sources',
      },
    ],
    Assessment: [
      {
        item: 'assess-sources',
        ok: f.connections > 0 && unassessed.length === 0,
        detail: f.connections === 0 ? 'No source is connected yet.' : unassessed.length === 0 ? 'Every source has a completed assessment.' : `Not assessed yet: ${unassessed.join(', ')}.`,
        where: 'assessment',
      },
      {
        item: 'map-entities',
        ok: f.mappings.length > 0,
        detail: f.mappings.length > 0 ? `${plural(f.mappings.length, 'mapping')}: ${[...new Set(f.mappings.map((m) => m.entity))].join(', ')}.` : 'No source table is mapped onto an Academia Pro entity yet.',
        where: 'mapping',
      },
    ],
    Execution: [
      {
        item: 'run-migration',
        ok: lastCompleted !== undefined,
        detail: lastCompleted ? `Run ${lastCompleted.runId} completed.` : realRuns.length ? `No run has completed yet (the last is ${realRuns[0].status}).` : 'No run has pushed data yet (dry runs do not count).',
        where: 'runs',
      },
    ],
    Validation: [
      {
        item: 'reconcile',
        ok: lastCompleted !== undefined && lastCompleted.mismatches === 0,
        detail: !lastCompleted
          ? 'Nothing to reconcile until a run completes.'
          : lastCompleted.mismatches === 0
            ? `Run ${lastCompleted.runId} reconciles: every record counted arrived.`
            : `Run ${lastCompleted.runId} has ${plural(lastCompleted.mismatches, 'mismatch', 'mismatches')} between source, staging and target.`,
        where: 'runs',
      },
    ],
  };
}

/** The go/no-go checklist: each item decided from the facts, with the place to fix it. */
function goNoGo(f: MigrationFacts): MigrationCriterion[] {
  const latest = f.assessments.filter((a) => a.status === 'Completed');
  const lowest = latest.reduce<number | null>((min, a) => (a.score === null ? min : min === null ? a.score : Math.min(min, a.score)), null);
  const errors = latest.reduce((n, a) => n + a.errors, 0);
  const rehearsal = f.runs.find((r) => r.rehearsal && (r.status === 'Completed' || r.status === 'Failed' || r.status === 'Cancelled' || r.status === 'Interrupted'));
  const rejectShare = rehearsal && rehearsal.read > 0 ? rehearsal.rejected / rehearsal.read : 0;
  const unsigned = f.mappings.filter((m) => !m.signedOff);
  const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;
  return [
    {
      item: 'readiness',
      ok: lowest !== null && lowest >= f.readinessThreshold,
      detail: lowest === null ? 'No assessment has completed yet.' : `Lowest readiness score ${lowest} (needs ${f.readinessThreshold}).`,
      where: 'assessment',
    },
    {
      item: 'no-error-findings',
      ok: latest.length > 0 && errors === 0,
      detail: latest.length === 0 ? 'No assessment has completed yet.' : errors === 0 ? 'No error-severity finding is open.' : `${plural(errors, 'error-severity finding')} open.`,
      where: 'assessment',
    },
    {
      item: 'rehearsal-clean',
      ok: rehearsal !== undefined && rehearsal.status === 'Completed' && rehearsal.mismatches === 0 && rejectShare <= f.rejectLimit,
      detail: !rehearsal
        ? 'No rehearsal yet (a run to the embedded sandbox, or a dry run).'
        : rehearsal.status !== 'Completed'
          ? `The last rehearsal, ${rehearsal.runId}, ended ${rehearsal.status}.`
          : `Last rehearsal ${rehearsal.runId}: ${plural(rehearsal.mismatches, 'mismatch', 'mismatches')}, ${percent(rejectShare)} of rows rejected (limit ${percent(f.rejectLimit)}).`,
      where: 'runs',
    },
    {
      item: 'rollback-plan',
      ok: f.rollbackRehearsed,
      detail: f.rollbackRehearsed ? 'Rollback rehearsed.' : 'No rollback has been rehearsed: roll a rehearsal run back once (Runs, or `academia-studio run <project> --rollback RUN_ID`) to prove the load can be undone.',
      where: 'runs',
    },
    {
      item: 'mappings-signed-off',
      ok: f.mappings.length > 0 && unsigned.length === 0,
      detail: f.mappings.length === 0 ? 'No mapping yet.' : unsigned.length === 0 ? 'Every mapping is signed off at its current version.' : `Not signed off at their current version: ${unsigned.map((m) => m.id).join(', ')}.`,
      where: 'mapping',
    },
    {
      item: 'freeze-window',
      ok: f.freezeWindow !== null,
      detail: f.freezeWindow ? `Data freeze ${f.freezeWindow.from} – ${f.freezeWindow.to}.` : 'No data-freeze window is set.',
      where: 'settings',
    },
  ];
}

const ORDER: MigrationStatus[] = ['Planning', 'Assessment', 'Execution', 'Validation', 'Completed'];

/** Decides the migration's status: the first stage whose exit criteria do not all hold. */
export function computeMigrationProgress(facts: MigrationFacts): MigrationProgress {
  const exits = exitCriteria(facts);
  let current: MigrationStatus = 'Completed';
  let stage = 'done';
  for (const status of ORDER) {
    if (status === 'Completed') break;
    const open = exits[status].find((c) => !c.ok);
    if (open) {
      current = status;
      stage = open.item;
      break;
    }
  }
  const at = ORDER.indexOf(current);
  const stages = ORDER.map((status, i) => ({
    status,
    exit: status === 'Completed' ? [] : exits[status],
    state: (i < at || (status === 'Completed' && current === 'Completed') ? 'done' : i === at ? 'current' : 'upcoming') as MigrationStageProgress['state'],
  }));
  const checklist = goNoGo(facts);
  const rehearsals = compareRehearsals(
    facts.runs
      .filter((r) => r.rehearsal && r.status === 'Completed')
      .reverse()
      .map((r) => ({ runId: r.runId, label: r.label ?? null, endedAt: r.endedAt, durationMs: r.durationMs ?? null, read: r.read, rejected: r.rejected, mismatches: r.mismatches, rejectsByReason: r.rejectsByReason ?? [] })),
  );
  return {
    status: current,
    stage,
    stages,
    checklist,
    milestones: timeline(facts, exits, checklist, rehearsals),
    go: checklist.every((c) => c.ok),
    record: recordOf(facts),
    rehearsals,
    measures: { readinessThreshold: facts.readinessThreshold, rejectLimit: facts.rejectLimit, freezeWindow: facts.freezeWindow },
  };
}

const minutes = (ms: number) => (ms < 90_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`);

/** Each milestone with its status decided from the project: done when the project shows it, late when its date passed first. */
function timeline(f: MigrationFacts, exits: ReturnType<typeof exitCriteria>, checklist: MigrationCriterion[], rehearsals: RehearsalComparison): MigrationMilestone[] {
  const now = f.now ? Date.parse(f.now) : Date.now();
  const planned = new Map((f.plannedMilestones ?? []).map((m) => [m.name, m]));
  const held = (item: string, list: MigrationCriterion[]) => list.find((c) => c.item === item);
  const done = rehearsals.rehearsals;
  const lastRehearsal = done[done.length - 1];
  const cutover = f.runs.find((r) => !r.rehearsal && !r.dryRun && r.status === 'Completed');
  const push = f.assessed?.pushMinutes ?? null;
  const pushWords = lastRehearsal?.durationMs ? `the last rehearsal took ${minutes(lastRehearsal.durationMs)}` : push !== null ? `the assessment estimates the push at about ${push} min` : null;
  const proof: Record<MilestoneName, { ok: boolean; detail: string; estimate: string | null }> = {
    'assessment-done': { ...pick(held('assess-sources', exits.Assessment)), estimate: null },
    'mapping-signed-off': {
      ...pick(held('mappings-signed-off', checklist)),
      estimate: f.assessed ? `The assessment estimates ${f.assessed.effortDays} day${f.assessed.effortDays === 1 ? '' : 's'} of fixing and mapping work.` : null,
    },
    'rehearsal-1': {
      ok: done.length >= 1,
      detail: done.length >= 1 ? `Rehearsal ${done[0].label ?? done[0].runId} completed.` : 'No rehearsal has completed yet.',
      estimate: pushWords ? `A full rehearsal: ${pushWords}.` : null,
    },
    'rehearsal-2': {
      ok: done.length >= 2,
      detail: done.length >= 2 ? `Rehearsal ${done[1].label ?? done[1].runId} completed. ${rehearsals.summary}` : `${done.length} of 2 rehearsals completed.`,
      estimate: pushWords ? `A full rehearsal: ${pushWords}.` : null,
    },
    'data-freeze': {
      ok: f.freezeWindow !== null && Date.parse(f.freezeWindow.from) <= now,
      detail: f.freezeWindow ? `Data freeze ${f.freezeWindow.from} – ${f.freezeWindow.to}.` : 'No data-freeze window is set.',
      estimate: pushWords ? `The freeze must hold the final load (${pushWords}) and its reconciliation.` : null,
    },
    cutover: {
      ok: cutover !== undefined,
      detail: cutover ? `Run ${cutover.label ?? cutover.runId} loaded Academia Pro.` : 'No run has loaded the real Academia Pro yet (rehearsals do not count).',
      estimate: pushWords ? `Allow for the final load: ${pushWords}.` : null,
    },
    validation: {
      ok: cutover !== undefined && cutover.mismatches === 0,
      detail: !cutover ? 'Validated once the cutover run reconciles.' : cutover.mismatches === 0 ? `Run ${cutover.label ?? cutover.runId} reconciles with no mismatch.` : `Run ${cutover.label ?? cutover.runId} has ${cutover.mismatches} mismatches.`,
      estimate: null,
    },
    decommission: {
      ok: planned.get('decommission')?.done === true,
      detail: planned.get('decommission')?.done ? 'Marked done: the legacy system is switched off.' : 'Marked done by hand once the legacy system is switched off.',
      estimate: null,
    },
  };
  return MILESTONES.map((name) => {
    const plan = planned.get(name);
    const due = plan?.due ?? null;
    const fact = proof[name];
    const late = !fact.ok && due !== null && Date.parse(due) + 86_400_000 <= now;
    return {
      name,
      due,
      owner: plan?.owner ?? null,
      status: fact.ok ? 'Done' : late ? 'Late' : 'Planned',
      detail: late ? `Due ${due} and not done: ${fact.detail}` : fact.detail,
      estimate: fact.estimate,
    };
  });
}

function pick(c: MigrationCriterion | undefined): { ok: boolean; detail: string } {
  return { ok: c?.ok ?? false, detail: c?.detail ?? '' };
}

/** The record as shown: what was set, plus volumes, complexity, risk and rollback from the facts. */
function recordOf(f: MigrationFacts): MigrationRecord {
  const stored = f.record ?? EMPTY_MIGRATION_RECORD;
  const scores = f.assessments.filter((a) => a.status === 'Completed' && a.score !== null).map((a) => a.score as number);
  const risk = scores.length ? Math.min(100, 100 - Math.min(...scores) + 5 * (f.assessed?.blockers ?? 0)) : null;
  return {
    ...stored,
    dataVolumeEstimate: f.assessed?.records ?? null,
    complexity: f.assessed?.complexity ?? null,
    riskScore: risk,
    rollbackPlanAvailable: f.rollbackRehearsed,
    implications: strategyImplications(stored, f.parallelSync ?? null),
    parallelSync: f.parallelSync ?? null,
  };
}
