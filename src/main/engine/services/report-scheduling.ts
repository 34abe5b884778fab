import type { EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { SCHEDULING_HOSTS } from '../project/app-names';
import { ReportSchedulesRepo } from '../project/report-schedules-repo';
import { SyncScheduler } from '../sync/schedule/sync-scheduler';
import { deliverReport, type ReportDeliveryOptions } from './report-delivery';

const schedulers = new WeakMap<ProjectSession, SyncScheduler>();

/**
 * The report schedules of a project opened in the studio (desktop, web host; never the CLI, as
 * for syncs) run on the sync scheduler's machinery: croner reads the cron expression in the
 * schedule's time zone, DST included, on the engine's injected clock. Times missed while the
 * studio was closed are made up by one delivery when it opens (runOnce), never one per missed
 * time. What the scheduler says beyond a run starting or ending goes to the audit log.
 */
export async function startReportScheduling(state: EngineState, session: ProjectSession, options: ReportDeliveryOptions = {}): Promise<void> {
  if (!SCHEDULING_HOSTS.includes(state.host)) return;
  try {
    const repo = new ReportSchedulesRepo(session.project.db);
    const scheduler = new SyncScheduler({
      jobs: () =>
        repo
          .list()
          .filter((s) => s.enabled)
          .map((s) => ({ name: s.id, schedule: { cron: s.cron, timezone: s.timezone, blackouts: [], missedPolicy: 'runOnce' }, lastRunAt: repo.lastDeliveries(s.id)[0]?.at ?? null })),
      run: async (id, trigger) => {
        const schedule = repo.get(id);
        if (!schedule || state.session !== session) return;
        await deliverReport(state, session, schedule, trigger.kind === 'catch-up' ? 'catch-up' : 'schedule', options);
      },
      clock: state.scheduleClock,
      log: (entry) => {
        if (entry.level === 'info') return;
        try {
          session.audit.append({ action: 'report.schedule', object: `report-schedule:${entry.job ?? ''}`, summary: entry.message });
        } catch {
          // A log sink that fails must not stop the schedule.
        }
      },
    });
    schedulers.set(session, scheduler);
    session.onClose(() => scheduler.stop());
    await scheduler.start();
  } catch (err) {
    console.warn(`The report schedules of ${session.project.path} are not running: ${(err as Error).message}`);
  }
}

/** A schedule was saved or removed: the open project's scheduler reads them again. */
export async function refreshReportScheduling(session: ProjectSession): Promise<void> {
  await schedulers.get(session)?.refresh();
}
