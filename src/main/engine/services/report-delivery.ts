import { statSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError, toErrorShape, type StudioErrorShape } from '../../../shared/errors';
import type { ReportDelivery, ReportSchedule } from '../../../shared/model/report-schedule';
import { writeOwnerOnlyFile } from '../../../platform/owner-only';
import type { EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { sendSmtp } from '../notify/smtp-mailer';
import { ReportSchedulesRepo } from '../project/report-schedules-repo';
import { WebhooksRepo } from '../project/webhooks-repo';
import { smtpNotConfigured, withSmtpPassword } from './notifications-service';
import { makeReportFile } from './report-files';

/** How long the mail server may take per step for a scheduled report (the alert e-mail's default). */
export interface ReportDeliveryOptions {
  smtpTimeoutMs?: number;
}

/**
 * Makes a schedule's report and delivers it to each of its destinations: a file in its folder
 * (owner-only, never over an existing file: a second report in the same second gets a number)
 * and/or an e-mail with the report attached, through the project's SMTP settings. Every
 * destination is logged, ok or failed with the reason; nothing here throws, so one failing
 * destination neither stops the other nor the scheduler.
 */
export async function deliverReport(state: EngineState, s: ProjectSession, schedule: ReportSchedule, trigger: ReportDelivery['trigger'], options: ReportDeliveryOptions = {}): Promise<ReportDelivery[]> {
  const repo = new ReportSchedulesRepo(s.project.db);
  const at = state.now().toISOString();
  const destinations: ReportDelivery['destination'][] = [...(schedule.folder ? (['folder'] as const) : []), ...(schedule.email ? (['email'] as const) : [])];
  const log = (destination: ReportDelivery['destination'], result: { target: string | null; bytes: number | null } | { error: StudioErrorShape; target: string | null }): ReportDelivery =>
    repo.addDelivery({
      scheduleId: schedule.id,
      at,
      trigger,
      destination,
      status: 'error' in result ? 'failed' : 'ok',
      target: result.target,
      bytes: 'error' in result ? null : result.bytes,
      reason: 'error' in result ? result.error.message : null,
      error: 'error' in result ? result.error : null,
    });
  let file: { filename: string; contentType: string; bytes: Buffer };
  try {
    const made = await makeReportFile(state, s, { report: schedule.kind, format: schedule.format, period: schedule.period, integration: schedule.integration });
    file = { filename: fileName(schedule, at), contentType: made.contentType, bytes: Buffer.from(made.content, made.encoding === 'base64' ? 'base64' : 'utf8') };
  } catch (err) {
    const error = toErrorShape(err);
    return destinations.map((d) => log(d, { error: { ...error, message: `The report could not be made: ${error.message}` }, target: d === 'folder' ? schedule.folder : null }));
  }
  const out: ReportDelivery[] = [];
  if (schedule.folder) {
    try {
      out.push(log('folder', { target: writeIntoFolder(s, schedule.folder, file.filename, file.bytes), bytes: file.bytes.length }));
    } catch (err) {
      out.push(log('folder', { error: toErrorShape(err), target: join(schedule.folder, file.filename) }));
    }
  }
  if (schedule.email) {
    const settings = new WebhooksRepo(s.project.db).smtpSettings();
    const to = schedule.emailTo.length ? schedule.emailTo : (settings?.to ?? []);
    try {
      if (!settings) throw smtpNotConfigured();
      const sent = await withSmtpPassword(s, settings, (password) =>
        sendSmtp(settings, password, { to, subject: `[Academia Studio] Report: ${schedule.name}`, text: emailText(s, schedule, at), attachments: [{ filename: file.filename, content: file.bytes, contentType: file.contentType }] }, { timeoutMs: options.smtpTimeoutMs }),
      );
      out.push(log('email', { target: sent.accepted.join(', ') || to.join(', '), bytes: file.bytes.length }));
    } catch (err) {
      out.push(log('email', { error: toErrorShape(err), target: to.join(', ') || null }));
    }
  }
  const failed = out.filter((d) => d.status === 'failed');
  s.audit.append({
    action: 'report.deliver',
    object: `report-schedule:${schedule.id}`,
    summary: `Delivered the ${schedule.kind} report "${schedule.name}" (${trigger}): ${out.map((d) => `${d.destination} ${d.status}${d.reason ? ` (${d.reason})` : ''}`).join('; ') || 'no destination'}.`,
  });
  if (failed.length) console.warn(`A scheduled report was not delivered everywhere: ${failed.map((d) => d.reason).join('; ')}`);
  return out;
}

/** `<name>-<kind>-<UTC time>.<ext>`: sortable, and safe on every file system. */
function fileName(schedule: ReportSchedule, at: string): string {
  const slug = schedule.name.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'report';
  return `${slug}-${schedule.kind}-${at.slice(0, 19).replace(/:/g, '-')}Z.${schedule.format}`;
}

/** Writes the report into its folder; the folder must still be a folder the studio may write to. Returns the file written. */
function writeIntoFolder(s: ProjectSession, folder: string, name: string, bytes: Buffer): string {
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    throw new StudioError('REPORT_DELIVERY_FAILED', `The report folder ${folder} is gone (or is no longer a folder).`, 'Create the folder again, or edit the schedule and pick another folder.', { where: { file: folder } });
  }
  for (let n = 1; ; n++) {
    const path = join(folder, n === 1 ? name : name.replace(/(\.\w+)$/, `-${n}$1`));
    try {
      writeOwnerOnlyFile(path, bytes);
      return path;
    } catch (err) {
      if (err instanceof StudioError && err.code === 'FILE_EXISTS' && n < 100) continue;
      if (err instanceof StudioError) throw err;
      throw new StudioError('REPORT_DELIVERY_FAILED', `The report could not be written to ${folder}: ${(err as Error).message}.`, 'Check that the folder still exists and that this account may write to it (a network share may be offline).', { where: { file: path }, cause: err });
    }
  }
}

function emailText(s: ProjectSession, schedule: ReportSchedule, at: string): string {
  return [`The scheduled ${schedule.kind} report "${schedule.name}" of the project "${s.project.info().name}" is attached.`, '', `Period: the last ${schedule.period}, up to ${at}.`, `Format: ${schedule.format.toUpperCase()}.`, '', 'Sent by Academia Studio.'].join('\n');
}
