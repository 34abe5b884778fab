import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunReportsService } from '../../../shared/api/contracts/run-reports';
import type { AssessmentReportFile } from '../../../shared/model/assessment';
import type { ReportDelivery, ReportScheduleInfo } from '../../../shared/model/report-schedule';
import { isNoProjectError, type StoreDeps } from './store-deps';

export type ReportRequest = Parameters<RunReportsService['render']>[0];
export type ScheduleDraft = Parameters<RunReportsService['saveSchedule']>[0];

export interface ReportsState {
  schedules: ReportScheduleInfo[];
  /** What is in progress: an export, a save, a delivery. */
  busy: 'export' | 'save' | 'deliver' | null;
  load(): Promise<void>;
  /** The report as a file to save, or null when it failed (the error was shown). */
  exportReport(req: ReportRequest): Promise<AssessmentReportFile | null>;
  saveSchedule(draft: ScheduleDraft): Promise<ReportScheduleInfo | null>;
  removeSchedule(id: string): Promise<void>;
  deliverNow(id: string): Promise<ReportDelivery[] | null>;
}

export type ReportsStore = StoreApi<ReportsState>;

/** Reports on demand and their schedules (issue 20, item 5), for the Dashboard's Reports card. */
export function createReportsStore({ api, reportError }: StoreDeps): ReportsStore {
  return createStore<ReportsState>()((set, get) => {
    const busyWith = async <T>(busy: ReportsState['busy'], action: string, work: () => Promise<T>): Promise<T | null> => {
      set({ busy });
      try {
        return await work();
      } catch (error) {
        reportError(error, action);
        return null;
      } finally {
        set({ busy: null });
      }
    };
    return {
      schedules: [],
      busy: null,
      async load() {
        try {
          set({ schedules: await api.runReports.schedules() });
        } catch (error) {
          if (isNoProjectError(error)) set({ schedules: [] });
          else reportError(error, 'Loading the report schedules');
        }
      },
      exportReport: (req) => busyWith('export', 'Exporting the report', () => api.runReports.render(req)),
      async saveSchedule(draft) {
        const saved = await busyWith('save', 'Saving the report schedule', () => api.runReports.saveSchedule(draft));
        if (saved) await get().load();
        return saved;
      },
      async removeSchedule(id) {
        await busyWith('save', 'Deleting the report schedule', () => api.runReports.removeSchedule({ id }));
        await get().load();
      },
      async deliverNow(id) {
        const result = await busyWith('deliver', 'Delivering the report', () => api.runReports.deliverNow({ id }));
        await get().load();
        return result;
      },
    };
  });
}
