import { z } from 'zod';
import type { AssessmentReportFile } from '../../model/assessment';
import { defineService, method, type ServiceOf } from '../contract';

/**
 * The `runReports` service (issue 20, seed MONITORING_REPORT): reports of the project's runs and
 * of what went wrong in them, on demand, as HTML, CSV or PDF — the PDF printed from the same HTML
 * by Chromium, as the assessment report is. The answer is the file to save (base64 for PDF).
 */
export const runReportsContract = defineService({
  render: method(
    z
      .object({
        report: z.enum(['runs', 'errors']),
        format: z.enum(['html', 'csv', 'pdf']),
        since: z.string().datetime({ offset: true }).optional(),
        until: z.string().datetime({ offset: true }).optional(),
      })
      .strict(),
  ).returns<AssessmentReportFile>(),
});

export type RunReportsService = ServiceOf<typeof runReportsContract>;
