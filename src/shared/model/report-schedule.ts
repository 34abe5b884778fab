import type { StudioErrorShape } from '../errors';

/**
 * Operations reports (issue 20, item 5; seed MONITORING_REPORT): what a report covers, how it is
 * printed, and the schedules that deliver one by themselves (docs/monitoring.md "Reports").
 */

/** runs: every run with its counters; errors: failed runs and rejected rows by reason; syncs: each sync run's change set; sla: uptime and response times per integration. */
export const REPORT_KINDS = ['runs', 'errors', 'syncs', 'sla'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['html', 'pdf', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rolling period that ends when the report is made: the last 24 hours, 7 days or calendar month. */
export const REPORT_PERIODS = ['day', 'week', 'month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** A report made by itself on a cron schedule and delivered to a folder and/or by e-mail. */
export interface ReportSchedule {
  id: string;
  name: string;
  kind: ReportKind;
  period: ReportPeriod;
  format: ReportFormat;
  /** Five cron fields or @daily/@weekly/@monthly, read in `timezone` (as a sync schedule is). */
  cron: string;
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone: string;
  /** For `sla`: one integration (`target`, `source:<id>`, `sync:<name>`); null: all. */
  integration: string | null;
  /** A folder a person granted when the schedule was saved; null: no folder delivery. */
  folder: string | null;
  /** E-mail the report through the project's SMTP settings. */
  email: boolean;
  /** Recipients; empty: the SMTP settings' own recipients. */
  emailTo: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A schedule as listed: with its next time and its last delivery (one line per destination). */
export interface ReportScheduleInfo extends ReportSchedule {
  /** The next time it will run (ISO), null when disabled or when the studio is not running schedules (the CLI). */
  nextAt: string | null;
  lastDeliveries: ReportDelivery[];
}

/** One destination of one delivery, logged whether it worked or not. */
export interface ReportDelivery {
  id: number;
  scheduleId: string;
  /** When the report was made (ISO). */
  at: string;
  /** schedule: on its time; catch-up: making up for times missed while the studio was closed; manual: "Deliver now". */
  trigger: 'schedule' | 'catch-up' | 'manual';
  destination: 'folder' | 'email';
  status: 'ok' | 'failed';
  /** The file written, or the recipients. */
  target: string | null;
  bytes: number | null;
  /** Why it failed, in words (null when ok). */
  reason: string | null;
  error: StudioErrorShape | null;
}
