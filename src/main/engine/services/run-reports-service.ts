import type { RunReportsService } from '../../../shared/api/services';
import { requireSession, type EngineState } from '../core/engine-state';
import { makeReportFile } from './report-files';
import { reportScheduleMethods } from './report-schedules';

/** Reports of runs, errors, syncs and SLA on demand (`runReports.render`), and their schedules. */
export function runReportsService(state: EngineState): RunReportsService {
  return {
    async render(req) {
      return makeReportFile(state, requireSession(state), req);
    },
    ...reportScheduleMethods(state),
  };
}
