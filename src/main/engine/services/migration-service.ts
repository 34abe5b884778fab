import type { MigrationService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { MigrationStatus } from '../../../shared/model/counters';
import { computeMigrationProgress, type MigrationFacts, type MigrationProgress } from '../../../shared/model/migration-progress';
import {
  EMPTY_MIGRATION_RECORD,
  PARALLEL_SYNC_NAME,
  recordProblems,
  timelineProblems,
  type MigrationRecordStored,
  type PlanProblem,
  type PlannedMilestone,
} from '../../../shared/model/migration-plan';
import { printHtmlToPdfBuffer } from '../assessment/report/print-pdf';
import { RejectsRepo } from '../project/rejects-repo';
import { SyncRepo } from '../project/sync-repo';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { renderPlanDocument } from './migration-plan-document';
import type { RolloverMethod } from './migration-rollover';

/** The cutover runbook's methods, served by migration-cutover.ts. */
export type CutoverMethod = 'cutover' | 'cutoverStep' | 'cutoverRollback';
/** The methods that drive other services: the runbook, and the parallel run's sync (migration-parallel-sync.ts). */
export type DrivingMethod = CutoverMethod | 'parallelSync';

/** Go/no-go defaults until the school agrees its own (Settings, `migration.setPlan`). */
const DEFAULT_READINESS_THRESHOLD = 80;
const DEFAULT_REJECT_LIMIT = 0;

/** The migration service but its cutover runbook, parallel-run sync and rollover, which drive the other services (migration-cutover.ts, migration-parallel-sync.ts, migration-rollover.ts). */
export function migrationService(state: EngineState): Omit<MigrationService, DrivingMethod | RolloverMethod> {

  return {
    async status() {
      return syncMigrationStatus(state, requireSession(state));
    },
    async setPlan(req) {
      const s = requireSession(state);
      if (req.freezeWindow) {
        const from = Date.parse(req.freezeWindow.from);
        const to = Date.parse(req.freezeWindow.to);
        if (Number.isNaN(from) || Number.isNaN(to)) {
          throw new StudioError('MIGRATION_PLAN_INVALID', `The freeze window ${req.freezeWindow.from} – ${req.freezeWindow.to} is not two dates.`, 'Give both ends as ISO 8601 dates, e.g. 2027-07-20T18:00:00Z.');
        }
        if (to <= from) {
          throw new StudioError('MIGRATION_PLAN_INVALID', `The freeze window ends (${req.freezeWindow.to}) before it starts (${req.freezeWindow.from}).`, 'Give the start of the data freeze first and its end after it.');
        }
      }
      const changed: string[] = [];
      if (req.readinessThreshold !== undefined) {
        s.project.setMeta('readinessThreshold', String(req.readinessThreshold));
        changed.push(`readiness threshold ${req.readinessThreshold}`);
      }
      if (req.rejectLimit !== undefined) {
        s.project.setMeta('rejectLimit', String(req.rejectLimit));
        changed.push(`reject limit ${req.rejectLimit}`);
      }
      if (req.freezeWindow !== undefined) {
        s.project.setMeta('freezeWindow', req.freezeWindow ? JSON.stringify(req.freezeWindow) : '');
        changed.push(req.freezeWindow ? `freeze window ${req.freezeWindow.from} – ${req.freezeWindow.to}` : 'freeze window cleared');
      }
      if (changed.length) s.audit.append({ action: 'migration.plan', object: 'migration', summary: `Migration plan: ${changed.join(', ')}.` });
      return syncMigrationStatus(state, s);
    },
    async setRecord(req) {
      const s = requireSession(state);
      const before = storedRecord(s);
      const next: MigrationRecordStored = { ...before };
      if (req.legacySystem !== undefined) next.legacySystem = req.legacySystem ? { name: req.legacySystem.name, version: req.legacySystem.version ?? null } : null;
      if (req.scope !== undefined) next.scope = req.scope;
      // A full scope carries every module; choosing it without naming modules means all of them.
      if (req.modules !== undefined) next.modules = [...new Set(req.modules)];
      else if (req.scope === 'Full') next.modules = [...EMPTY_MIGRATION_RECORD.modules];
      if (req.approach !== undefined) next.approach = req.approach;
      if (req.startDate !== undefined) next.startDate = req.startDate;
      if (req.endDate !== undefined) next.endDate = req.endDate;
      if (req.schoolYearStart !== undefined) next.schoolYearStart = req.schoolYearStart;
      refuse([...recordProblems(next), ...timelineProblems(storedMilestones(s), next)]);
      s.project.setMeta('migrationRecord', JSON.stringify(next));
      const changed = (Object.keys(req) as (keyof typeof req)[]).join(', ');
      s.audit.append({ action: 'migration.record', object: 'migration', summary: `Migration record: ${changed || 'nothing'} set.` });
      return syncMigrationStatus(state, s);
    },
    async setMilestones({ milestones }) {
      const s = requireSession(state);
      const byName = new Map(storedMilestones(s).map((m) => [m.name, m]));
      for (const m of milestones) byName.set(m.name, { ...byName.get(m.name), ...m });
      const next = [...byName.values()];
      refuse(timelineProblems(next, storedRecord(s)));
      s.project.setMeta('milestones', JSON.stringify(next));
      s.audit.append({ action: 'migration.milestones', object: 'migration', summary: `Milestones planned: ${milestones.map((m) => `${m.name}${m.due ? ` due ${m.due}` : ''}${m.owner ? ` (${m.owner})` : ''}`).join(', ')}.` });
      return syncMigrationStatus(state, s);
    },
    async planDocument({ format }) {
      const s = requireSession(state);
      const progress = await syncMigrationStatus(state, s);
      const name = s.project.info().name;
      const page = renderPlanDocument(progress, { projectName: name, generatedAt: state.now() });
      const base = `migration-plan-${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'project'}`;
      if (format === 'html') return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: page, encoding: 'utf8' };
      const pdf = await printHtmlToPdfBuffer(page);
      return { filename: `${base}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' };
    },
  };
}

/** Refuses a plan with the first problem in the message and every one in the details. */
function refuse(problems: PlanProblem[]): void {
  if (problems.length === 0) return;
  const [first, ...rest] = problems;
  throw new StudioError('MIGRATION_PLAN_INVALID', `${first.message}${rest.length ? ` (and ${rest.length} more: ${rest.map((p) => p.message).join(' ')})` : ''}`, first.hint, {
    details: { problems },
    where: { field: first.field },
  });
}

/** The first day of the school year the project migrates, when the record names it (the assessment's age-for-grade day). */
export function projectSchoolYear(s: ProjectSession): { start: string } | undefined {
  const start = storedRecord(s).schoolYearStart;
  return start ? { start } : undefined;
}

export function storedRecord(s: ProjectSession): MigrationRecordStored {
  const text = s.project.meta('migrationRecord');
  return text ? { ...EMPTY_MIGRATION_RECORD, ...(JSON.parse(text) as Partial<MigrationRecordStored>) } : { ...EMPTY_MIGRATION_RECORD };
}

function storedMilestones(s: ProjectSession): PlannedMilestone[] {
  const text = s.project.meta('milestones');
  return text ? (JSON.parse(text) as PlannedMilestone[]) : [];
}

/**
 * Computes where the migration stands and keeps the project's stored status (shown in the
 * header's stepper) equal to it, telling every window when it moved. Called after anything that
 * can move it: an assessment, a run, a mapping or connection change, opening the project.
 */
export async function syncMigrationStatus(state: EngineState, s: ProjectSession): Promise<MigrationProgress> {
  const progress = computeMigrationProgress(await migrationFacts(s, state.now()));
  if ((s.project.meta('migrationStatus') as MigrationStatus | null) !== progress.status) {
    s.project.setMeta('migrationStatus', progress.status);
    if (state.session === s) state.bus.emit({ kind: 'event', event: 'project.changed', payload: s.project.info() });
  }
  return progress;
}

/** Gathers what the stages and the checklist are decided from. */
async function migrationFacts(s: ProjectSession, now: Date): Promise<MigrationFacts> {
  const connections = await s.connections.list(() => 'missing');
  const latest = new Map<string, ReturnType<typeof s.assessments.list>[number]>();
  for (const a of s.assessments.list()) if (!latest.has(a.connectionId)) latest.set(a.connectionId, a);
  const mappings = await s.mappings.list();
  const embedded = s.project.target().kind === 'embedded-sandbox';
  const numberMeta = (key: string, fallback: number) => {
    const text = s.project.meta(key);
    return text && Number.isFinite(Number(text)) ? Number(text) : fallback;
  };
  const freeze = s.project.meta('freezeWindow');
  const rejects = new RejectsRepo(s.project.db);
  const parallel = new SyncRepo(s.project).findDefinition(PARALLEL_SYNC_NAME);
  let rehearsalsCounted = 0;
  return {
    connections: connections.length,
    connectionNames: connections.map((c) => ({ connectionId: c.id, connectionName: c.name })),
    assessments: [...latest.values()].map((a) => ({ connectionId: a.connectionId, connectionName: a.connectionName, status: a.status, score: a.score, errors: a.findings.error })),
    mappings: mappings.map((m) => ({ id: m.id, entity: m.entity, signedOff: s.mappings.signOffOf(m.id)?.valid === true })),
    runs: s.runs
      .list(200)
      .filter((r) => r.operation === 'Migration')
      .map((r) => {
        const rehearsal = r.dryRun || embedded;
        // Reasons are counted for the last few completed rehearsals only: the comparison needs no more.
        const counted = rehearsal && r.status === 'Completed' && rehearsalsCounted++ < MAX_COMPARED_REHEARSALS;
        return {
          runId: r.runId,
          status: r.status,
          dryRun: r.dryRun,
          rehearsal,
          rejected: r.counters.rejected,
          read: r.counters.read,
          mismatches: r.reconciliation.reduce((n, line) => n + line.mismatches, 0),
          endedAt: r.endedAt,
          durationMs: r.durationMs,
          label: r.label ?? null,
          ...(counted ? { rejectsByReason: rejects.countByCode(r.runId, undefined) } : {}),
        };
      }),
    readinessThreshold: numberMeta('readinessThreshold', DEFAULT_READINESS_THRESHOLD),
    rejectLimit: numberMeta('rejectLimit', DEFAULT_REJECT_LIMIT),
    // A completed rollback (issue 18 point 7) proves the load can be undone.
    rollbackRehearsed: s.runs.list(200).some((r) => r.operation === 'Rollback' && r.status === 'Completed'),
    freezeWindow: freeze ? (JSON.parse(freeze) as { from: string; to: string }) : null,
    now: now.toISOString(),
    record: storedRecord(s),
    plannedMilestones: storedMilestones(s),
    parallelSync: parallel ? { name: parallel.name, entities: parallel.entities.map((e) => e.entity), cron: parallel.schedule.cron, timezone: parallel.schedule.timezone } : null,
    assessed: assessedFacts(s, [...latest.values()]),
  };
}

/** How many rehearsals the comparison shows, newest kept. */
const MAX_COMPARED_REHEARSALS = 10;

/** Volumes, complexity, effort and push time summed over the latest completed assessment of each source. */
function assessedFacts(s: ProjectSession, latest: ReturnType<ProjectSession['assessments']['list']>): MigrationFacts['assessed'] {
  const done = latest.filter((a) => a.status === 'Completed');
  if (done.length === 0) return null;
  const rank = { Low: 0, Medium: 1, High: 2 } as const;
  let records: number | null = null;
  let complexity: 'Low' | 'Medium' | 'High' | null = null;
  let effortDays = 0;
  let pushMinutes: number | null = null;
  let blockers = 0;
  for (const a of done) {
    const r = s.assessments.result(a.assessmentId).readiness;
    if (r.entityRecords) records = (records ?? 0) + r.entityRecords.reduce((n, e) => n + e.records, 0);
    if (complexity === null || rank[r.complexity] > rank[complexity]) complexity = r.complexity;
    effortDays += r.effortDays;
    if (typeof r.pushMinutes === 'number') pushMinutes = (pushMinutes ?? 0) + r.pushMinutes;
    blockers += r.blockers?.length ?? 0;
  }
  return { records, complexity, effortDays: Math.round(effortDays * 10) / 10, pushMinutes, blockers };
}

/**
 * The service with the migration status brought up to date after each successful call of the
 * named methods (a mapping saved or signed off, a source added or removed), so the stepper never
 * shows a stage the project's data does not bear out.
 */
export function withMigrationSync<T extends object>(state: EngineState, service: T, methods: (keyof T & string)[]): T {
  const wrapped = { ...service };
  for (const name of methods) {
    const call = service[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const result = await call.apply(service, args);
      if (state.session) await syncMigrationStatus(state, state.session);
      return result;
    };
  }
  return wrapped;
}
