import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AssessmentService } from '../../../shared/api/services';
import type { AssessmentProgress, AssessmentReportFile, AssessmentSummary, DuplicateCandidate, Finding, MatchDecision, SurvivorRule } from '../../../shared/model/assessment';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { DuplicatePair } from '../../../shared/model/duplicate-pair';
import type { StoreDeps } from './store-deps';

/** A finished assessment as the engine returns it: result, saved decisions and the survivor rule. */
export type AssessmentDetail = Awaited<ReturnType<AssessmentService['get']>>;

export type ReportFormat = 'html' | 'pdf' | 'csv';

/** The two rows of a duplicate pair, as `assessment.decide` names them. */
export interface PairRef {
  table: string;
  left: string;
  right: string;
}

/**
 * One key per pair whichever way round its rows are named: the engine saves a decision with the
 * smaller key first, and a pair listed as (b, a) is the same pair as (a, b).
 */
export function pairKey({ table, left, right }: PairRef): string {
  const [a, b] = left <= right ? [left, right] : [right, left];
  return `${table}\u0000${a}\u0000${b}`;
}

/** The pairs with each one's decision taken from the saved decisions (the engine's list is the truth). */
export function withDecisions(duplicates: DuplicateCandidate[], decisions: MatchDecision[]): DuplicateCandidate[] {
  const byPair = new Map(decisions.map((d) => [pairKey(d), d.decision]));
  return duplicates.map((d) => ({ ...d, decision: byPair.get(pairKey(d)) ?? null }));
}

/** One key per finding (code, table, column): how adoptions are tracked. */
export function findingKey(f: Pick<Finding, 'code' | 'table' | 'column'>): string {
  return `${f.code}\u0000${f.table}\u0000${f.column ?? ''}`;
}

export interface AssessmentState {
  /** Assessments of the open project, newest first. */
  summaries: AssessmentSummary[];
  loaded: boolean;
  selectedId: string | null;
  /** Full results by assessment id, fetched when a completed assessment is opened. */
  details: Record<string, AssessmentDetail>;
  /** The assessment whose result is being fetched. */
  loadingDetail: string | null;
  /** Latest live progress by assessment. */
  progress: Record<string, AssessmentProgress>;
  starting: boolean;
  cancelling: Record<string, boolean>;
  /** Pairs whose decision is being saved, by `pairKey`. */
  deciding: Record<string, boolean>;
  savingRule: boolean;
  /** The report being rendered for download. */
  exporting: ReportFormat | null;
  /** The project's mappings, read with a result so a finding can say which mapping would take its fix. */
  mappings: EntityMapping[];
  /** Findings whose fix is being adopted, by `findingKey`. */
  adopting: Record<string, boolean>;
  /** What the last adoption of each finding's fix did, by `findingKey` (one sentence). */
  adoptions: Record<string, { change: string; changed: boolean }>;
  load(): Promise<void>;
  /** Starts assessing a connection in the engine and opens it; null when the engine refused. */
  start(connectionId: string): Promise<string | null>;
  select(assessmentId: string | null): Promise<void>;
  cancel(assessmentId: string): Promise<void>;
  /** Saves (or, with null, withdraws) a decision on a pair of the selected assessment. */
  decide(pair: PairRef, decision: 'same' | 'different' | null): Promise<void>;
  setSurvivorRule(rule: SurvivorRule): Promise<void>;
  /** Adopts a finding's suggested fix (of the selected assessment) into the mapping that reads its table. */
  adoptFix(finding: Pick<Finding, 'code' | 'table' | 'column'>): Promise<void>;
  /** Asks the engine for the selected assessment's report; null when it failed (the error is shown). */
  exportReport(format: ReportFormat): Promise<AssessmentReportFile | null>;
  /** Both records of a pair of the selected assessment, for the side-by-side review; rejects with the engine's error (shown beside the pair). */
  comparePair(pair: PairRef, reveal: boolean): Promise<DuplicatePair>;
  applyProgress(progress: AssessmentProgress): void;
  applyUpdated(summary: AssessmentSummary): void;
  reset(): void;
}

export type AssessmentStore = StoreApi<AssessmentState>;

const byNewest = (a: AssessmentSummary, b: AssessmentSummary) => b.startedAt.localeCompare(a.startedAt);

const initial = {
  summaries: [] as AssessmentSummary[],
  loaded: false,
  selectedId: null as string | null,
  details: {} as Record<string, AssessmentDetail>,
  loadingDetail: null as string | null,
  progress: {} as Record<string, AssessmentProgress>,
  starting: false,
  cancelling: {} as Record<string, boolean>,
  deciding: {} as Record<string, boolean>,
  savingRule: false,
  exporting: null as ReportFormat | null,
  mappings: [] as EntityMapping[],
  adopting: {} as Record<string, boolean>,
  adoptions: {} as Record<string, { change: string; changed: boolean }>,
};

const REPORT_NAMES: Record<ReportFormat, string> = { html: 'HTML report', pdf: 'PDF report', csv: 'findings CSV' };

export function createAssessmentStore({ api, reportError }: StoreDeps): AssessmentStore {
  return createStore<AssessmentState>()((set, get) => {
    // Answers for a project that has since been closed are dropped.
    let epoch = 0;

    const upsert = (summary: AssessmentSummary) => {
      const others = get().summaries.filter((s) => s.assessmentId !== summary.assessmentId);
      set({ summaries: [...others, summary].sort(byNewest) });
    };

    const fetchDetail = async (assessmentId: string) => {
      const mine = epoch;
      set({ loadingDetail: assessmentId });
      try {
        const [detail, mappings] = await Promise.all([api.assessment.get({ assessmentId }), api.mappings.list()]);
        if (mine === epoch) set({ mappings, details: { ...get().details, [assessmentId]: { ...detail, duplicates: withDecisions(detail.duplicates, detail.decisions) } } });
      } catch (error) {
        reportError(error, 'Reading the assessment');
      } finally {
        if (mine === epoch && get().loadingDetail === assessmentId) set({ loadingDetail: null });
      }
    };

    const needsDetail = (assessmentId: string) => {
      const summary = get().summaries.find((s) => s.assessmentId === assessmentId);
      return summary?.status === 'Completed' && !get().details[assessmentId] && get().loadingDetail !== assessmentId;
    };

    return {
      ...initial,
      async load() {
        const mine = epoch;
        try {
          const fetched = await api.assessment.list();
          if (mine !== epoch) return;
          // Assessments announced by events but not yet listed stay visible.
          const listed = new Set(fetched.map((s) => s.assessmentId));
          const summaries = [...fetched, ...get().summaries.filter((s) => !listed.has(s.assessmentId))].sort(byNewest);
          set({ summaries, loaded: true });
          const selected = get().selectedId;
          if (selected === null && summaries.length > 0) await get().select(summaries[0].assessmentId);
          else if (selected !== null && needsDetail(selected)) await fetchDetail(selected);
        } catch (error) {
          if (mine === epoch) set({ loaded: true });
          reportError(error, 'Listing the assessments');
        }
      },
      async start(connectionId) {
        set({ starting: true });
        try {
          const { assessmentId } = await api.assessment.start({ connectionId });
          // Through select(): a small source may already have completed by the time the answer is here.
          void get().select(assessmentId);
          return assessmentId;
        } catch (error) {
          reportError(error, 'Starting the assessment');
          return null;
        } finally {
          set({ starting: false });
        }
      },
      async select(assessmentId) {
        set({ selectedId: assessmentId });
        if (assessmentId !== null && needsDetail(assessmentId)) await fetchDetail(assessmentId);
      },
      async cancel(assessmentId) {
        set({ cancelling: { ...get().cancelling, [assessmentId]: true } });
        try {
          await api.assessment.cancel({ assessmentId });
        } catch (error) {
          reportError(error, 'Cancelling the assessment');
        } finally {
          set({ cancelling: { ...get().cancelling, [assessmentId]: false } });
        }
      },
      async decide(pair, decision) {
        const assessmentId = get().selectedId;
        if (!assessmentId || !get().details[assessmentId]) return;
        const key = pairKey(pair);
        const mine = epoch;
        set({ deciding: { ...get().deciding, [key]: true } });
        try {
          const decisions = await api.assessment.decide({ assessmentId, table: pair.table, left: pair.left, right: pair.right, decision });
          if (mine !== epoch) return;
          // Decisions belong to the project, not one assessment: every held result follows them.
          const details = Object.fromEntries(
            Object.entries(get().details).map(([id, d]) => [id, { ...d, decisions, duplicates: withDecisions(d.duplicates, decisions) }]),
          );
          set({ details });
        } catch (error) {
          reportError(error, decision === null ? 'Undoing the decision' : 'Saving the decision');
        } finally {
          if (mine === epoch) set({ deciding: { ...get().deciding, [key]: false } });
        }
      },
      async setSurvivorRule(rule) {
        const mine = epoch;
        set({ savingRule: true });
        try {
          await api.assessment.setSurvivorRule({ rule });
          if (mine !== epoch) return;
          const details = Object.fromEntries(Object.entries(get().details).map(([id, d]) => [id, { ...d, survivorRule: rule }]));
          set({ details });
        } catch (error) {
          reportError(error, 'Saving the survivor rule');
        } finally {
          if (mine === epoch) set({ savingRule: false });
        }
      },
      async adoptFix(finding) {
        const assessmentId = get().selectedId;
        if (!assessmentId) return;
        const key = findingKey(finding);
        const mine = epoch;
        set({ adopting: { ...get().adopting, [key]: true } });
        try {
          const result = await api.mappings.adoptFix({ assessmentId, code: finding.code, table: finding.table, column: finding.column });
          if (mine !== epoch) return;
          const mappings = get().mappings.some((m) => m.id === result.mapping.id) ? get().mappings.map((m) => (m.id === result.mapping.id ? result.mapping : m)) : [...get().mappings, result.mapping];
          set({ mappings, adoptions: { ...get().adoptions, [key]: { change: result.change, changed: result.changed } } });
        } catch (error) {
          reportError(error, `Adopting the fix for ${finding.code}`);
        } finally {
          if (mine === epoch) set({ adopting: { ...get().adopting, [key]: false } });
        }
      },
      async exportReport(format) {
        const assessmentId = get().selectedId;
        if (!assessmentId) return null;
        set({ exporting: format });
        try {
          return await api.assessment.report({ assessmentId, format });
        } catch (error) {
          reportError(error, `Exporting the ${REPORT_NAMES[format]}`);
          return null;
        } finally {
          set({ exporting: null });
        }
      },
      async comparePair(pair, reveal) {
        const assessmentId = get().selectedId;
        if (!assessmentId) throw new Error('No assessment is selected.');
        return api.assessment.pair({ assessmentId, table: pair.table, left: pair.left, right: pair.right, ...(reveal ? { reveal: true } : {}) });
      },
      applyProgress(progress) {
        set({ progress: { ...get().progress, [progress.assessmentId]: progress } });
      },
      applyUpdated(summary) {
        const isNew = !get().summaries.some((s) => s.assessmentId === summary.assessmentId);
        upsert(summary);
        // One started elsewhere (CLI, another window) opens when nothing else is being looked at.
        if (isNew && get().selectedId === null && get().loaded) set({ selectedId: summary.assessmentId });
        if (get().selectedId === summary.assessmentId && needsDetail(summary.assessmentId)) void fetchDetail(summary.assessmentId);
      },
      reset() {
        epoch++;
        set({ ...initial });
      },
    };
  });
}
