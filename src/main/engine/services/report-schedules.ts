import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import type { RunReportsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { ReportSchedule, ReportScheduleInfo } from '../../../shared/model/report-schedule';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { ReportSchedulesRepo } from '../project/report-schedules-repo';
import { WebhooksRepo } from '../project/webhooks-repo';
import { compileSchedule, nextSyncAt } from '../sync/schedule/cron-schedule';
import { deliverReport } from './report-delivery';
import { refreshReportScheduling } from './report-scheduling';

type ScheduleMethods = Pick<RunReportsService, 'schedules' | 'saveSchedule' | 'removeSchedule' | 'deliverNow' | 'deliveries'>;
type SaveRequest = Parameters<RunReportsService['saveSchedule']>[0];

const HINT = 'Correct the report schedule: five cron fields (minute hour day month weekday) or @daily/@weekly/@monthly, an IANA time zone like Europe/Berlin, and at least one destination (a folder you picked, or e-mail).';

/** Report schedules (issue 20, item 5): kept in the project file, checked when saved, audited. */
export function reportScheduleMethods(state: EngineState): ScheduleMethods {
  const repoOf = (s: ProjectSession) => new ReportSchedulesRepo(s.project.db);
  const info = (s: ProjectSession, schedule: ReportSchedule): ReportScheduleInfo => ({ ...schedule, nextAt: nextAt(schedule, state.now()), lastDeliveries: repoOf(s).lastDeliveries(schedule.id) });
  const existing = (s: ProjectSession, id: string) => {
    const found = repoOf(s).get(id);
    if (!found) throw new StudioError('REPORT_SCHEDULE_NOT_FOUND', `There is no report schedule "${id}".`, 'List the report schedules and pick one of them.', { details: { id } });
    return found;
  };
  return {
    async schedules() {
      const s = requireSession(state);
      return repoOf(s).list().map((x) => info(s, x));
    },
    async saveSchedule(req) {
      const s = requireSession(state);
      const before = req.id ? existing(s, req.id) : null;
      const now = state.now().toISOString();
      const schedule = checked(state, s, req, { id: before?.id ?? randomUUID(), createdAt: before?.createdAt ?? now, updatedAt: now });
      repoOf(s).save(schedule);
      s.audit.append({
        action: 'report.schedule.save',
        object: `report-schedule:${schedule.id}`,
        summary: `${before ? 'Changed' : 'Created'} the report schedule "${schedule.name}": ${schedule.kind} report of the last ${schedule.period} as ${schedule.format.toUpperCase()}, "${schedule.cron}" (${schedule.timezone})${schedule.folder ? `, to ${schedule.folder}` : ''}${schedule.email ? `, by e-mail${schedule.emailTo.length ? ` to ${schedule.emailTo.join(', ')}` : ''}` : ''}${schedule.enabled ? '' : ', disabled'}.`,
      });
      await refreshReportScheduling(s);
      return info(s, schedule);
    },
    async removeSchedule({ id }) {
      const s = requireSession(state);
      const schedule = existing(s, id);
      repoOf(s).remove(id);
      s.audit.append({ action: 'report.schedule.remove', object: `report-schedule:${id}`, summary: `Removed the report schedule "${schedule.name}" and its delivery log.` });
      await refreshReportScheduling(s);
    },
    async deliverNow({ id }) {
      const s = requireSession(state);
      return deliverReport(state, s, existing(s, id), 'manual');
    },
    async deliveries({ scheduleId, limit }) {
      const s = requireSession(state);
      if (scheduleId) existing(s, scheduleId);
      return repoOf(s).deliveries(scheduleId ?? null, limit ?? 100);
    },
  };
}

/** When an enabled schedule runs next, or null. */
function nextAt(schedule: ReportSchedule, now: Date): string | null {
  if (!schedule.enabled) return null;
  try {
    return nextSyncAt(compileSchedule({ cron: schedule.cron, timezone: schedule.timezone }), now.getTime());
  } catch {
    return null;
  }
}

function invalid(message: string, field: string, hint = HINT, value: unknown = null): StudioError {
  return new StudioError('REPORT_SCHEDULE_INVALID', message, hint, { where: { field }, details: { value } });
}

/** The request as a schedule to store, or REPORT_SCHEDULE_INVALID naming what is wrong. */
function checked(state: EngineState, s: ProjectSession, req: SaveRequest, ids: Pick<ReportSchedule, 'id' | 'createdAt' | 'updatedAt'>): ReportSchedule {
  try {
    compileSchedule({ cron: req.cron, timezone: req.timezone });
  } catch (err) {
    if (err instanceof StudioError) throw invalid(err.message.replace(/^The schedule/, 'The report schedule'), err.where?.field ?? 'cron', HINT, err.details?.value ?? null);
    throw err;
  }
  const integration = req.integration ?? null;
  if (integration && req.kind !== 'sla') throw invalid(`Only an SLA report is about one integration; a ${req.kind} report covers the whole project.`, 'integration', 'Leave the integration out, or choose the SLA report.', integration);
  const email = req.email ?? false;
  const folder = req.folder ? grantedFolder(state, req.folder) : null;
  if (!folder && !email) throw invalid('A report schedule needs somewhere to deliver to: a folder, e-mail, or both.', 'folder');
  if (email && !new WebhooksRepo(s.project.db).smtpSettings()) {
    throw invalid('The report is to go by e-mail, but no SMTP server is set up for this project.', 'email', 'Set up the SMTP server (Settings → Notifications) and send a test message, or deliver to a folder only.');
  }
  return { ...ids, name: req.name, kind: req.kind, period: req.period, format: req.format, cron: req.cron.trim(), timezone: req.timezone, integration, folder, email, emailTo: req.emailTo ?? [], enabled: req.enabled ?? true };
}

/** The folder's real path: it must be a folder, not one of the studio's own, and one a person picked in this session (the CLI: named on its command line). */
function grantedFolder(state: EngineState, folder: string): string {
  const real = state.grants.refuseProtected(folder);
  let isFolder = false;
  try {
    isFolder = statSync(real).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw invalid(`There is no folder at ${folder}.`, 'folder', 'Pick an existing folder for the reports (or create it first).', folder);
  if (!state.grants.isGranted(real)) {
    throw invalid(`The studio may not write reports to ${folder}: nobody picked that folder in this session.`, 'folder', 'Pick the folder with "Browse…"; the studio writes only to folders a person chose.', folder);
  }
  return real;
}
