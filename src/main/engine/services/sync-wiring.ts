import type { SyncsService } from '../../../shared/api/contracts/syncs';
import type { SyncDefinition, SyncOutcome } from '../../../shared/model/sync';
import type { EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import type { SyncJobSource } from '../core/sync-scheduling';
import type { SyncSummary } from '../monitoring/alert-notifier';
import { SyncRepo } from '../project/sync-repo';
import { compileSchedule, nextSyncAt } from '../sync/schedule/cron-schedule';
import { startSessionEvents } from './sync-events-wiring';

/**
 * Where the parts of ongoing sync meet (issue 19): the in-app scheduler runs the `syncs`
 * service's jobs, a definition's "next sync" is computed from its schedule, the monitoring's
 * integrations view lists the syncs, and each sync's end is told to the webhook endpoints.
 * Each part was built apart and knows only its own interface; this file is the one that knows both.
 */

/** The scheduler's view of the sync definitions: scheduled jobs, and a run through the service. */
export function syncJobSource(state: EngineState, syncs: () => SyncsService): SyncJobSource {
  return {
    scheduledJobs: (session) =>
      new SyncRepo(session.project)
        .listDefinitions()
        .filter((d) => d.schedule.cron)
        .map((d) => ({ name: d.name, schedule: d.schedule, lastRunAt: d.lastSyncAt })),
    async run(_session, job, _trigger, signal) {
      // Closing the project aborts the scheduler's run: stop the sync the service started for it.
      const stop = () => state.activeRun?.controller.abort();
      signal.addEventListener('abort', stop, { once: true });
      try {
        return await syncs().run({ name: job });
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
    log(session, entry) {
      session.audit.append({ action: 'sync.schedule', object: `sync:${entry.job}`, summary: entry.message });
    },
    // Event-driven syncs: receivers and the events feed, on the scheduler's gate (sync-events-wiring.ts).
    startEvents: (session, gate, log, clock) => startSessionEvents(state, session, gate, log, clock),
  };
}

/** When a definition's next scheduled run falls (outside its blackouts), or null when it has no schedule. */
export function nextRunOf(def: Pick<SyncDefinition, 'name' | 'schedule'>, now: Date): Date | null {
  if (!def.schedule.cron) return null;
  const next = nextSyncAt(compileSchedule(def.schedule, def.name), now.getTime());
  return next ? new Date(next) : null;
}

/**
 * The `syncs` service with the scheduler kept in step: a definition saved or removed refreshes
 * the open project's schedule and its "next sync"; a run moves "next sync" on and is told to the
 * webhook endpoints (sync.completed, sync.held, sync.failed).
 */
export function withScheduling(state: EngineState, service: SyncsService, deliver: (kind: SyncEventKind, payload: unknown, subject: string) => void): SyncsService {
  const settle = (session: ProjectSession | null, name: string) => {
    if (!session) return;
    const repo = new SyncRepo(session.project);
    const def = repo.listDefinitions().find((d) => d.name === name);
    if (def) repo.setNextSync(name, nextRunOf(def, state.now()));
    void state.scheduling?.scheduler.refresh();
  };
  const told = async (name: string, run: Promise<SyncOutcome>): Promise<SyncOutcome> => {
    try {
      const result = await run;
      deliver(result.held ? 'sync.held' : result.status === 'Completed' ? 'sync.completed' : 'sync.failed', result, name);
      return result;
    } catch (err) {
      deliver('sync.failed', { job: name, error: err instanceof Error ? err.message : String(err) }, name);
      throw err;
    } finally {
      settle(state.session, name);
    }
  };
  return {
    ...service,
    async define(input) {
      const def = await service.define(input);
      settle(state.session, def.name);
      return new SyncRepo(state.session!.project).getDefinition(def.name);
    },
    async update(input) {
      const def = await service.update(input);
      settle(state.session, def.name);
      return new SyncRepo(state.session!.project).getDefinition(def.name);
    },
    async remove(req) {
      await service.remove(req);
      void state.scheduling?.scheduler.refresh();
    },
    run: (req) => told(req.name, service.run(req)),
    approve: async (req) => {
      const result = await service.approve(req);
      if (!result.held || result.status !== 'Paused') deliver(result.status === 'Completed' ? 'sync.completed' : 'sync.failed', result, result.job);
      return result;
    },
  };
}

export type SyncEventKind = 'sync.completed' | 'sync.held' | 'sync.failed';

/** The syncs as the monitoring's integrations view and its sync rules see them. */
export function syncSummaries(session: ProjectSession | null): SyncSummary[] {
  if (!session) return [];
  const repo = new SyncRepo(session.project);
  return repo.listDefinitions().map((d) => {
    const processed = d.recordsProcessed + d.recordsFailed;
    const held = d.lastStatus === 'Paused';
    return {
      name: d.name,
      // Running by itself (a schedule, or events) is what makes a sync an active integration.
      status: d.lastStatus === 'Failed' ? 'Error' : d.schedule.cron || d.events ? 'Active' : 'Inactive',
      lastSync: d.lastSyncAt,
      nextSync: d.nextSyncAt,
      errorCount: d.recordsFailed,
      successRate: processed > 0 ? d.recordsProcessed / processed : null,
      held: held ? { reason: 'The change gate holds the last run until a person approves it.' } : null,
    };
  });
}
