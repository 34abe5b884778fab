import { z } from 'zod';
import type { AssessmentReportFile } from '../../model/assessment';
import { REPORT_FORMATS, REPORT_KINDS, REPORT_PERIODS, type ReportDelivery, type ReportScheduleInfo } from '../../model/report-schedule';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { id, path } from './common';

const iso = z.string().datetime({ offset: true });
const integration = z.string().min(1).max(300);

/**
 * The `runReports` service (issue 20, seed MONITORING_REPORT): reports of the project's runs, of
 * what went wrong in them, of its sync runs and of each integration's uptime and response times
 * (SLA), on demand, as HTML, CSV or PDF — the PDF printed from the same HTML by Chromium, as the
 * assessment report is. The answer is the file to save (base64 for PDF). Schedules deliver a
 * report by themselves to a granted folder and/or by e-mail while the studio has the project open.
 */
export const runReportsContract = defineService({
  render: method(
    z
      .object({
        report: z.enum(REPORT_KINDS),
        format: z.enum(REPORT_FORMATS),
        /** A rolling period ending now; not with since/until. Default: everything (sla: the last week). */
        period: z.enum(REPORT_PERIODS).optional(),
        since: iso.optional(),
        until: iso.optional(),
        /** sla only: one integration (an IntegrationView id). */
        integration: integration.optional(),
      })
      .strict(),
  ).returns<AssessmentReportFile>(),
  /** Every report schedule, with its next time and last delivery. */
  schedules: method(noParams).returns<ReportScheduleInfo[]>(),
  /** Creates (without id) or replaces (with id) a schedule. REPORT_SCHEDULE_INVALID names the field that is wrong. Audited. */
  saveSchedule: method(
    z
      .object({
        id: id.optional(),
        name: z.string().trim().min(1).max(200),
        kind: z.enum(REPORT_KINDS),
        period: z.enum(REPORT_PERIODS),
        format: z.enum(REPORT_FORMATS),
        cron: z.string().trim().min(1).max(200),
        timezone: z.string().min(1).max(80),
        integration: integration.nullable().optional(),
        folder: path.nullable().optional(),
        email: z.boolean().optional(),
        emailTo: z.array(z.string().email().max(320)).max(50).optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
  ).returns<ReportScheduleInfo>(),
  /** Removes a schedule and its delivery log. Audited. */
  removeSchedule: method(z.object({ id }).strict()).returns<void>(),
  /** Makes and delivers a schedule's report now (logged like a scheduled one, trigger `manual`). */
  deliverNow: method(z.object({ id }).strict()).returns<ReportDelivery[]>(),
  /** The delivery log, newest first (of one schedule with `scheduleId`). */
  deliveries: method(z.object({ scheduleId: id.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<ReportDelivery[]>(),
});

export type RunReportsService = ServiceOf<typeof runReportsContract>;
