import { createStore, type StoreApi } from 'zustand/vanilla';
import { isFinished } from '../../../shared/model/counters';
import type { RunEvent, RunInfo, RunProgress } from '../../../shared/model/run';
import type { TargetRequestStats } from '../../../shared/model/target';
import type { RejectsPage } from '../../../shared/api/contracts/rejects';
import type { RunPlanPreview } from '../../../shared/api/contracts/run-plan';
import type { ReconciliationDocument, ReconciliationReportFile } from '../../../shared/api/contracts/reconcile';
import type { RollbackReport } from '../../../shared/api/contracts/rollback';
import type { StoreDeps } from './store-deps';

export interface RunsState {
  /** Runs, newest first. */
  runs: RunInfo[];
  loaded: boolean;
  selectedRunId: string | null;
  /** Latest live progress by run, then by entity. */
  progress: Record<string, Record<string, RunProgress>>;
  /** Log lines by run, ordered by seq; present once the run's log has been asked for. */
  logs: Record<string, RunEvent[]>;
  /** Which kind of run is being started, for the buttons' spinners. */
  starting: 'run' | 'dry-run' | null;
  cancelling: Record<string, boolean>;
  /** What each finished run's requests to Academia Pro looked like (asked for when the run is shown). */
  requestStats: Record<string, TargetRequestStats>;
  /** The rejects shown for each run (the first page matching its filter), with the filter that chose them. */
  rejects: Record<string, { filter: RejectsFilter; page: RejectsPage }>;
  /** The plan and time estimate shown before a run starts (null until asked). */
  plan: RunPlanPreview | null;
  planLoading: boolean;
  /** Which run's rejects are being re-run. */
  rerunning: Record<string, boolean>;
  /** Each shown run's reconciliation certificate (its first mismatches), as last stored. */
  certificates: Record<string, ReconciliationDocument>;
  /** Which run's certificate is being checked against the target again. */
  rechecking: Record<string, boolean>;
  /** Which run a rollback is being started for. */
  rollingBack: Record<string, boolean>;
  /** Each shown rollback run's report, with the page of conflicts last asked for. */
  rollbackReports: Record<string, RollbackReport>;
  /** The offset of the page of conflicts each rollback report holds. */
  rollbackOffsets: Record<string, number>;
  load(): Promise<void>;
  /**
   * Rolls back a finished run (or one entity of it) as a new run of operation `Rollback`, and
   * selects that run; answers its id, or null when it could not start (reported).
   */
  rollback(runId: string, entity?: string): Promise<string | null>;
  /** Reads what a rollback run did, with the page of its conflicts starting at `offset`. */
  loadRollbackReport(runId: string, offset?: number): Promise<void>;
  /** Reads a run's stored certificate (nothing is read from the target). */
  loadCertificate(runId: string): Promise<void>;
  /** Reads the run's records back from the target again and keeps the new certificate. */
  recheckCertificate(runId: string): Promise<void>;
  /** The certificate rendered for download (HTML, PDF or CSV), or null when it failed (reported). */
  certificateReport(runId: string, format: 'html' | 'pdf' | 'csv'): Promise<ReconciliationReportFile | null>;
  /** Reads a run's rejects matching `filter` (reason code and/or field). */
  loadRejects(runId: string, filter?: RejectsFilter): Promise<void>;
  /** Appends the next page of a run's rejects (paged by id in the engine, however deep). */
  loadMoreRejects(runId: string): Promise<void>;
  /** Keeps a person's correction of one field of a reject (the value Academia Pro gets), then shows the page again. */
  fixReject(runId: string, rejectId: number, field: string, value: string): Promise<boolean>;
  /** Re-runs only what failed in a run (its unresolved rejects, corrected); selects the new run. */
  rerunRejects(runId: string): Promise<string | null>;
  /** The plan and time estimate of the next run (`runs.plan`). */
  loadPlan(): Promise<void>;
  start(options?: { dryRun?: boolean; entities?: string[] }): Promise<string | null>;
  select(runId: string | null): Promise<void>;
  cancel(runId: string): Promise<void>;
  applyRunUpdated(run: RunInfo): void;
  applyProgress(progress: RunProgress): void;
  applyEvent(event: RunEvent): void;
  reset(): void;
}

export type RunsStore = StoreApi<RunsState>;

/** What the rejects list is narrowed to. */
export interface RejectsFilter {
  code?: string;
  field?: string;
}

/** Rejects read for the list at a time (the total says how many more match). */
export const REJECTS_PAGE = 500;

/** Mismatches the Runs screen lists at a time (the reports hold them all). */
export const CERTIFICATE_MISMATCHES = 200;

/** Rollback conflicts the Runs screen lists at a time. */
export const ROLLBACK_CONFLICTS_PAGE = 100;

/** How many runs the list shows. */
export const RUN_LIST_LIMIT = 100;

const byNewest = (a: RunInfo, b: RunInfo) => b.startedAt.localeCompare(a.startedAt);

/**
 * Merges two seq-ordered logs without duplicates: live events and a fetched page can overlap,
 * and either may arrive first.
 */
export function mergeRunEvents(current: RunEvent[], incoming: RunEvent[]): RunEvent[] {
  if (incoming.length === 0) return current;
  const lastSeq = current.at(-1)?.seq ?? -1;
  if (incoming.every((e, i) => e.seq > lastSeq && (i === 0 || e.seq > incoming[i - 1].seq))) return [...current, ...incoming];
  const bySeq = new Map<number, RunEvent>();
  for (const e of current) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Chooses between the run already held and a newer copy. A fetched copy can be older than a
 * `run.updated` event that overtook it; a finished run never goes back to running.
 */
function newerRun(held: RunInfo | undefined, incoming: RunInfo): RunInfo {
  if (held && isFinished(held.status) && !isFinished(incoming.status)) return held;
  return incoming;
}

const initial = {
  runs: [] as RunInfo[],
  loaded: false,
  selectedRunId: null as string | null,
  progress: {} as Record<string, Record<string, RunProgress>>,
  logs: {} as Record<string, RunEvent[]>,
  starting: null as 'run' | 'dry-run' | null,
  cancelling: {} as Record<string, boolean>,
  requestStats: {} as Record<string, TargetRequestStats>,
  rejects: {} as Record<string, { filter: RejectsFilter; page: RejectsPage }>,
  plan: null as RunPlanPreview | null,
  planLoading: false,
  rerunning: {} as Record<string, boolean>,
  certificates: {} as Record<string, ReconciliationDocument>,
  rechecking: {} as Record<string, boolean>,
  rollingBack: {} as Record<string, boolean>,
  rollbackReports: {} as Record<string, RollbackReport>,
  rollbackOffsets: {} as Record<string, number>,
};

export function createRunsStore({ api, reportError }: StoreDeps): RunsStore {
  return createStore<RunsState>()((set, get) => {
    const upsert = (run: RunInfo) => {
      const runs = get().runs;
      const index = runs.findIndex((r) => r.runId === run.runId);
      if (index === -1) {
        set({ runs: [run, ...runs].sort(byNewest) });
        return;
      }
      const chosen = newerRun(runs[index], run);
      if (chosen === runs[index]) return;
      const next = runs.slice();
      next[index] = chosen;
      set({ runs: next });
    };

    const loadRejects = async (runId: string, filter: RejectsFilter = {}) => {
      try {
        const page = await api.runs.rejects({ runId, ...filter, limit: REJECTS_PAGE });
        set({ rejects: { ...get().rejects, [runId]: { filter, page } } });
      } catch (error) {
        reportError(error, 'Reading the rejected rows');
      }
    };

    const loadLog = async (runId: string) => {
      if (!get().logs[runId]) set({ logs: { ...get().logs, [runId]: [] } });
      try {
        const events = await api.runs.events({ runId });
        set({ logs: { ...get().logs, [runId]: mergeRunEvents(get().logs[runId] ?? [], events) } });
      } catch (error) {
        reportError(error, 'Reading the run log');
      }
    };

    // A finished run's request figures never change, so they are read once.
    const loadRequestStats = async (runId: string) => {
      const run = get().runs.find((r) => r.runId === runId);
      if (!run || !isFinished(run.status) || get().requestStats[runId]) return;
      try {
        const stats = await api.targets.requestStats({ runId });
        set({ requestStats: { ...get().requestStats, [runId]: stats } });
      } catch (error) {
        reportError(error, "Reading the run's requests to Academia Pro");
      }
    };

    const loadCertificate = async (runId: string) => {
      try {
        const doc = await api.runs.reconciliation({ runId, limit: CERTIFICATE_MISMATCHES });
        set({ certificates: { ...get().certificates, [runId]: doc } });
      } catch (error) {
        reportError(error, 'Reading the reconciliation');
      }
    };

    const recheckCertificate = async (runId: string) => {
      set({ rechecking: { ...get().rechecking, [runId]: true } });
      try {
        await api.runs.reconcile({ runId });
        const [doc, run] = await Promise.all([api.runs.reconciliation({ runId, limit: CERTIFICATE_MISMATCHES }), api.runs.get({ runId })]);
        set({ certificates: { ...get().certificates, [runId]: doc } });
        upsert(run);
      } catch (error) {
        reportError(error, 'Checking the reconciliation again');
      } finally {
        set({ rechecking: { ...get().rechecking, [runId]: false } });
      }
    };

    const certificateReport = async (runId: string, format: 'html' | 'pdf' | 'csv') => {
      try {
        return await api.runs.reconciliationReport({ runId, format });
      } catch (error) {
        reportError(error, 'Exporting the reconciliation');
        return null;
      }
    };

    const loadRollbackReport = async (runId: string, offset = 0) => {
      try {
        const report = await api.runs.rollbackReport({ runId, limit: ROLLBACK_CONFLICTS_PAGE, offset });
        set({ rollbackReports: { ...get().rollbackReports, [runId]: report }, rollbackOffsets: { ...get().rollbackOffsets, [runId]: offset } });
      } catch (error) {
        reportError(error, 'Reading the rollback report');
      }
    };

    return {
      ...initial,
      loadRollbackReport,
      async rollback(runId, entity) {
        set({ rollingBack: { ...get().rollingBack, [runId]: true } });
        try {
          const { runId: rollbackRunId } = await api.runs.rollback(entity === undefined ? { runId } : { runId, entity });
          await get().select(rollbackRunId);
          return rollbackRunId;
        } catch (error) {
          reportError(error, 'Starting the rollback');
          return null;
        } finally {
          set({ rollingBack: { ...get().rollingBack, [runId]: false } });
        }
      },
      loadRejects,
      async loadMoreRejects(runId) {
        const shown = get().rejects[runId];
        const last = shown?.page.rows.at(-1);
        if (!shown || !last) return;
        try {
          const next = await api.runs.rejects({ runId, ...shown.filter, limit: REJECTS_PAGE, afterId: last.id });
          set({ rejects: { ...get().rejects, [runId]: { filter: shown.filter, page: { ...next, rows: [...shown.page.rows, ...next.rows] } } } });
        } catch (error) {
          reportError(error, 'Reading more rejected rows');
        }
      },
      async fixReject(runId, rejectId, field, value) {
        try {
          await api.runs.fixRejects({ runId, fixes: [{ rejectId, field, value }] });
          await loadRejects(runId, get().rejects[runId]?.filter ?? {});
          return true;
        } catch (error) {
          reportError(error, 'Saving the correction');
          return false;
        }
      },
      async rerunRejects(runId) {
        set({ rerunning: { ...get().rerunning, [runId]: true } });
        try {
          const { runId: rerunId } = await api.runs.rerunRejects({ runId });
          await get().select(rerunId);
          return rerunId;
        } catch (error) {
          reportError(error, 'Re-running the rejected rows');
          return null;
        } finally {
          set({ rerunning: { ...get().rerunning, [runId]: false } });
        }
      },
      async loadPlan() {
        set({ planLoading: true });
        try {
          set({ plan: await api.runs.plan({}) });
        } catch (error) {
          reportError(error, 'Estimating the run');
        } finally {
          set({ planLoading: false });
        }
      },
      loadCertificate,
      recheckCertificate,
      certificateReport,
      async load() {
        try {
          const fetched = await api.runs.list({ limit: RUN_LIST_LIMIT });
          const held = new Map(get().runs.map((r) => [r.runId, r]));
          const runs = fetched.map((r) => newerRun(held.get(r.runId), r));
          // Runs announced by events but not yet in the fetched page stay visible.
          for (const [id, run] of held) if (!runs.some((r) => r.runId === id)) runs.push(run);
          runs.sort(byNewest);
          set({ runs, loaded: true });
          const selected = get().selectedRunId;
          if (selected === null && runs.length > 0) await get().select(runs[0].runId);
          else if (selected !== null) await loadLog(selected);
        } catch (error) {
          set({ loaded: true });
          reportError(error, 'Listing the runs');
        }
      },
      async start(options = {}) {
        const dryRun = options.dryRun === true;
        set({ starting: dryRun ? 'dry-run' : 'run' });
        try {
          const request = options.entities ? { dryRun, entities: options.entities } : { dryRun };
          const { runId } = await api.runs.start(request);
          await get().select(runId);
          return runId;
        } catch (error) {
          reportError(error, dryRun ? 'Starting a dry run' : 'Starting a run');
          return null;
        } finally {
          set({ starting: null });
        }
      },
      async select(runId) {
        set({ selectedRunId: runId });
        if (runId === null) return;
        const fetchRun = api.runs
          .get({ runId })
          .then(upsert)
          .catch((error: unknown) => reportError(error, 'Reading the run'));
        await Promise.all([fetchRun.then(() => loadRequestStats(runId)), loadLog(runId)]);
      },
      async cancel(runId) {
        set({ cancelling: { ...get().cancelling, [runId]: true } });
        try {
          await api.runs.cancel({ runId });
        } catch (error) {
          reportError(error, 'Cancelling the run');
        } finally {
          set({ cancelling: { ...get().cancelling, [runId]: false } });
        }
      },
      applyRunUpdated(run) {
        const isNew = !get().runs.some((r) => r.runId === run.runId);
        upsert(run);
        if (isFinished(run.status) && get().selectedRunId === run.runId) void loadRequestStats(run.runId);
        // A run started elsewhere (CLI, another window) opens when nothing else is being looked at.
        if (isNew && get().selectedRunId === null && get().loaded) void get().select(run.runId);
      },
      applyProgress(progress) {
        const forRun = { ...get().progress[progress.runId], [progress.entity]: progress };
        set({ progress: { ...get().progress, [progress.runId]: forRun } });
      },
      applyEvent(event) {
        const log = get().logs[event.runId];
        // Logs of runs nobody has opened are fetched when opened, not accumulated in memory.
        if (!log) return;
        set({ logs: { ...get().logs, [event.runId]: mergeRunEvents(log, [event]) } });
      },
      reset() {
        set({ ...initial });
      },
    };
  });
}
