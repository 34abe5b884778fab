import type { StudioApi } from '../../../src/shared/api/services';
import type { ReportDelivery, ReportScheduleInfo } from '../../../src/shared/model/report-schedule';
import { StudioError } from '../../../src/shared/errors';

type Record = <T>(method: string, params: unknown, body: () => T) => Promise<T>;

/**
 * The `runReports` service as the renderer tests see it: a report is a small file naming what was
 * asked; schedules are kept in memory; "deliver now" logs one ok folder delivery per folder.
 */
export function fakeRunReports(record: Record, needProject: () => unknown, now: () => string): StudioApi['runReports'] {
  const schedules: ReportScheduleInfo[] = [];
  const deliveries: ReportDelivery[] = [];
  const find = (id: string) => {
    const found = schedules.find((s) => s.id === id);
    if (!found) throw new StudioError('REPORT_SCHEDULE_NOT_FOUND', `There is no report schedule "${id}".`, 'List the report schedules and pick one of them.');
    return found;
  };
  return {
    render: (req) =>
      record('runReports.render', req, () => {
        needProject();
        const content = `${req.report} report ${req.period ?? ''}`;
        return req.format === 'pdf'
          ? { filename: `${req.report}-report.pdf`, contentType: 'application/pdf', content: btoa(content), encoding: 'base64' as const }
          : { filename: `${req.report}-report.${req.format}`, contentType: req.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/html; charset=utf-8', content, encoding: 'utf8' as const };
      }),
    schedules: () => record('runReports.schedules', undefined, () => (needProject(), schedules.map((s) => ({ ...s, lastDeliveries: deliveries.filter((d) => d.scheduleId === s.id).slice(0, 2) })))),
    saveSchedule: (req) =>
      record('runReports.saveSchedule', req, () => {
        needProject();
        if (!req.folder && !req.email) throw new StudioError('REPORT_SCHEDULE_INVALID', 'A report schedule needs somewhere to deliver to: a folder, e-mail, or both.', 'Pick a folder or choose e-mail.', { where: { field: 'folder' } });
        const before = req.id ? find(req.id) : null;
        const saved: ReportScheduleInfo = {
          id: before?.id ?? `schedule-${schedules.length + 1}`,
          name: req.name,
          kind: req.kind,
          period: req.period,
          format: req.format,
          cron: req.cron,
          timezone: req.timezone,
          integration: req.integration ?? null,
          folder: req.folder ?? null,
          email: req.email ?? false,
          emailTo: req.emailTo ?? [],
          enabled: req.enabled ?? true,
          createdAt: before?.createdAt ?? now(),
          updatedAt: now(),
          nextAt: '2025-01-13T06:00:00.000Z',
          lastDeliveries: [],
        };
        if (before) schedules.splice(schedules.indexOf(before), 1, saved);
        else schedules.push(saved);
        return saved;
      }),
    removeSchedule: (req) =>
      record('runReports.removeSchedule', req, () => {
        schedules.splice(schedules.indexOf(find(req.id)), 1);
      }),
    deliverNow: (req) =>
      record('runReports.deliverNow', req, () => {
        const s = find(req.id);
        const d: ReportDelivery = { id: deliveries.length + 1, scheduleId: s.id, at: now(), trigger: 'manual', destination: s.folder ? 'folder' : 'email', status: 'ok', target: s.folder ? `${s.folder}/report.${s.format}` : 'it@school.example', bytes: 120, reason: null, error: null };
        deliveries.unshift(d);
        return [d];
      }),
    deliveries: (req) => record('runReports.deliveries', req, () => deliveries.filter((d) => !req.scheduleId || d.scheduleId === req.scheduleId)),
  };
}
