import { t } from '../i18n';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectExportResult } from '../../../shared/api/services';
import type { AssessmentReportFile } from '../../../shared/model/assessment';
import type { CutoverState } from '../../../shared/model/cutover';
import type { MigrationRecordInput, PlannedMilestone } from '../../../shared/model/migration-plan';
import type { MigrationProgress } from '../../../shared/model/migration-progress';
import type { ProjectInfo, RecentProject } from '../../../shared/model/project';
import type { StoreDeps } from './store-deps';

export type ProjectAction = 'demo' | 'open' | 'create' | 'close' | 'export' | 'plan' | 'cutover';

/** A change to the migration plan: the record, or some milestones. */
export type PlanChange = { record: MigrationRecordInput } | { milestones: PlannedMilestone[] };

export interface ProjectState {
  /** The open project; null when none is open. */
  project: ProjectInfo | null;
  /** False until the engine has said which project (if any) is open. */
  loaded: boolean;
  recent: RecentProject[];
  /** The project action in progress, for button spinners. */
  busy: ProjectAction | null;
  /** Where the open project's migration stands (each stage's exit criteria); null until known. */
  migration: MigrationProgress | null;
  /** Asks the engine where the migration stands (after the project changed). */
  loadMigration(): Promise<void>;
  refresh(): Promise<void>;
  loadRecent(): Promise<void>;
  openDemo(): Promise<ProjectInfo | null>;
  open(path: string): Promise<ProjectInfo | null>;
  create(path: string, name?: string): Promise<ProjectInfo | null>;
  close(): Promise<void>;
  /** Writes a hand-over copy of the open project without its secrets; null when it failed (shown as a toast). */
  exportCopy(path: string): Promise<ProjectExportResult | null>;
  /** Applies a `project.changed` event. */
  applyProjectChanged(project: ProjectInfo | null): void;
  /** Saves part of the migration plan; a refusal (dates out of order, no owner) is a toast and changes nothing. */
  updatePlan(change: PlanChange): Promise<boolean>;
  /** The plan a school signs, rendered by the engine; null when it failed (shown as a toast). */
  planDocument(format: 'html' | 'pdf'): Promise<AssessmentReportFile | null>;
  /** The cutover runbook of the open project; null until read. */
  cutover: CutoverState | null;
  loadCutover(): Promise<void>;
  /** Runs the runbook's next step (a blocked step is an answer, not an error); the migration's status is read again after. */
  cutoverStep(): Promise<void>;
  /** Undoes the cutover from where it stands. */
  cutoverRollback(): Promise<void>;
  /** Defines (or brings up to the mappings) the parallel run's sync. */
  createParallelSync(): Promise<void>;
  /** Sets what go/no-go is measured against; a refusal (a freeze window ending first) is a toast. */
  setGoNoGo(measures: Parameters<StoreDeps['api']['migration']['setPlan']>[0]): Promise<boolean>;
}

export type ProjectStore = StoreApi<ProjectState>;

export function createProjectStore({ api, reportError }: StoreDeps): ProjectStore {
  return createStore<ProjectState>()((set, get) => {
    /** Runs a project action with a busy flag; errors become toasts. */
    const act = async <T>(busy: ProjectAction, action: string, run: () => Promise<T>): Promise<T | null> => {
      set({ busy });
      try {
        return await run();
      } catch (error) {
        reportError(error, action);
        return null;
      } finally {
        set({ busy: null });
      }
    };
    const opened = (project: ProjectInfo) => {
      set({ project, loaded: true, cutover: null });
      void get().loadRecent();
      void get().loadMigration();
      return project;
    };

    return {
      project: null,
      loaded: false,
      recent: [],
      busy: null,
      migration: null,
      async loadMigration() {
        if (!get().project) {
          set({ migration: null });
          return;
        }
        try {
          set({ migration: await api.migration.status() });
        } catch {
          // The stepper then shows the stored status without its criteria; the screens report errors.
          set({ migration: null });
        }
      },
      async refresh() {
        try {
          set({ project: await api.projects.current(), loaded: true });
          void get().loadMigration();
        } catch (error) {
          set({ loaded: true });
          reportError(error, t('projects.actions.current'));
        }
      },
      async loadRecent() {
        try {
          set({ recent: await api.projects.recent() });
        } catch (error) {
          reportError(error, t('projects.actions.recent'));
        }
      },
      openDemo: () => act('demo', t('projects.actions.openDemo'), async () => opened(await api.projects.openDemo({}))),
      open: (path) => act('open', t('projects.actions.open', { path }), async () => opened(await api.projects.open({ path }))),
      create: (path, name) =>
        act('create', t('projects.actions.create', { path }), async () => opened(await api.projects.create(name ? { path, name } : { path }))),
      async close() {
        await act('close', t('projects.actions.close'), async () => {
          await api.projects.close();
          set({ project: null, migration: null, cutover: null });
          void get().loadRecent();
        });
      },
      exportCopy: (path) => act('export', t('projects.actions.export', { path }), () => api.projects.export({ path })),
      applyProjectChanged(project) {
        set({ project, loaded: true });
        void get().loadMigration();
      },
      async updatePlan(change) {
        const progress = await act('plan', t('plan.actions.save'), () => ('record' in change ? api.migration.setRecord(change.record) : api.migration.setMilestones({ milestones: change.milestones })));
        if (progress) set({ migration: progress });
        return progress !== null;
      },
      planDocument: (format) => act('plan', t('plan.actions.document'), () => api.migration.planDocument({ format })),
      cutover: null,
      async loadCutover() {
        if (!get().project) return;
        try {
          set({ cutover: await api.migration.cutover() });
        } catch (error) {
          reportError(error, t('plan.cutover.actions.read'));
        }
      },
      async cutoverStep() {
        const state = await act('cutover', t('plan.cutover.actions.step'), () => api.migration.cutoverStep({}));
        if (state) set({ cutover: state });
        await get().loadMigration();
      },
      async cutoverRollback() {
        const state = await act('cutover', t('plan.cutover.actions.rollback'), () => api.migration.cutoverRollback());
        if (state) set({ cutover: state });
        await get().loadMigration();
      },
      async setGoNoGo(measures) {
        const progress = await act('plan', t('settings.goNoGo.action'), () => api.migration.setPlan(measures));
        if (progress) set({ migration: progress });
        return progress !== null;
      },
      async createParallelSync() {
        const progress = await act('plan', t('plan.parallel.action'), () => api.migration.parallelSync());
        if (progress) set({ migration: progress });
      },
    };
  });
}
