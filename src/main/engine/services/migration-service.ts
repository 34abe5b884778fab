import type { MigrationService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { MigrationStatus } from '../../../shared/model/counters';
import { computeMigrationProgress, type MigrationFacts, type MigrationProgress } from '../../../shared/model/migration-progress';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';

/** Go/no-go defaults until the school agrees its own (Settings, `migration.setPlan`). */
const DEFAULT_READINESS_THRESHOLD = 80;
const DEFAULT_REJECT_LIMIT = 0;

export function migrationService(state: EngineState): MigrationService {
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
  };
}

/**
 * Computes where the migration stands and keeps the project's stored status (shown in the
 * header's stepper) equal to it, telling every window when it moved. Called after anything that
 * can move it: an assessment, a run, a mapping or connection change, opening the project.
 */
export async function syncMigrationStatus(state: EngineState, s: ProjectSession): Promise<MigrationProgress> {
  const progress = computeMigrationProgress(await migrationFacts(s));
  if ((s.project.meta('migrationStatus') as MigrationStatus | null) !== progress.status) {
    s.project.setMeta('migrationStatus', progress.status);
    if (state.session === s) state.bus.emit({ kind: 'event', event: 'project.changed', payload: s.project.info() });
  }
  return progress;
}

/** Gathers what the stages and the checklist are decided from. */
async function migrationFacts(s: ProjectSession): Promise<MigrationFacts> {
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
  return {
    connections: connections.length,
    connectionNames: connections.map((c) => ({ connectionId: c.id, connectionName: c.name })),
    assessments: [...latest.values()].map((a) => ({ connectionId: a.connectionId, connectionName: a.connectionName, status: a.status, score: a.score, errors: a.findings.error })),
    mappings: mappings.map((m) => ({ id: m.id, entity: m.entity, signedOff: s.mappings.signOffOf(m.id)?.valid === true })),
    runs: s.runs
      .list(200)
      .filter((r) => r.operation === 'Migration')
      .map((r) => ({
        runId: r.runId,
        status: r.status,
        dryRun: r.dryRun,
        rehearsal: r.dryRun || embedded,
        rejected: r.counters.rejected,
        read: r.counters.read,
        mismatches: r.reconciliation.reduce((n, line) => n + line.mismatches, 0),
        endedAt: r.endedAt,
      })),
    readinessThreshold: numberMeta('readinessThreshold', DEFAULT_READINESS_THRESHOLD),
    rejectLimit: numberMeta('rejectLimit', DEFAULT_REJECT_LIMIT),
    // A completed rollback (issue 18 point 7) proves the load can be undone.
    rollbackRehearsed: s.runs.list(200).some((r) => r.operation === 'Rollback' && r.status === 'Completed'),
    freezeWindow: freeze ? (JSON.parse(freeze) as { from: string; to: string }) : null,
  };
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
