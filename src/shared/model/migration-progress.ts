import type { MigrationStatus } from './counters';

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
  runs: { runId: string; status: string; dryRun: boolean; rehearsal: boolean; rejected: number; read: number; mismatches: number; endedAt: string | null }[];
  /** The readiness score a go-live needs (0–100). */
  readinessThreshold: number;
  /** Rejected rows a clean rehearsal may still have, as a share of rows read (0–1). */
  rejectLimit: number;
  /** Rollback rehearsed: a rollback run (pre-images written back, created records deleted) completed once. */
  rollbackRehearsed: boolean;
  /** The agreed data-freeze window, if set. */
  freezeWindow: { from: string; to: string } | null;
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
}

export interface MigrationProgress {
  status: MigrationStatus;
  /** The guided workflow's current step: the `item` of the first exit criterion that does not hold, or `done`. */
  stage: string;
  stages: MigrationStageProgress[];
  /** The go/no-go checklist for cutover, computed (docs/conventions.md). */
  checklist: MigrationCriterion[];
  /** The migration timeline; empty until milestones are planned. */
  milestones: MigrationMilestone[];
  /** True when every checklist item holds. */
  go: boolean;
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
        detail: unassessed.length === 0 ? 'Every source has a completed assessment.' : `Not assessed yet: ${unassessed.join(', ')}.`,
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
  return { status: current, stage, stages, checklist, milestones: [], go: checklist.every((c) => c.ok) };
}
