import { isFinished } from '../../../../shared/model/counters';
import type { Counters } from '../../../../shared/model/counters';
import { addCounters, emptyCounters } from '../../../../shared/model/counters';
import type { RunInfo, RunProgress, RunStep } from '../../../../shared/model/run';
import { percentDone } from '../../format/numbers';

/** Rows that reached an outcome (written, left unchanged, rejected, skipped or failed). */
export function settledRows(c: Counters): number {
  return c.created + c.updated + c.unchanged + c.rejected + c.skipped + c.failed;
}

/**
 * A run's totals as of now. The engine adds a step's counters to the run's when the step ends,
 * so while it runs the totals are summed from the steps' live counters instead.
 */
export function liveRunCounters(run: RunInfo, progress: Record<string, RunProgress> | undefined): Counters {
  if (isFinished(run.status) || run.steps.length === 0) return run.counters;
  return run.steps.reduce((total, step) => addCounters(total, stepView(step, progress?.[step.entity]).counters), emptyCounters());
}

/** What one step row shows: the freshest counters and, while running, rate and time left. */
export interface StepView {
  entity: string;
  step: RunStep;
  counters: Counters;
  estimate: number | null;
  /**
   * The current phase's share of the estimate: rows read while reading, transforming and
   * staging; settled rows while pushing and after. Null when there is no estimate.
   */
  percent: number | null;
  /** Settled rows as a share of the estimate (the bar's main fill). */
  settledPercent: number | null;
  /** Rows read as a share of the estimate (drawn lighter behind the main fill). */
  readPercent: number | null;
  phase: RunProgress['phase'] | null;
  /** Live only while the step runs. */
  rate: number | null;
  etaSeconds: number | null;
}

/**
 * The bar shows both phases at once: rows read (lighter, behind) and rows settled (the main
 * fill), so a long read does not look stuck at 0% and the push does not jump back to it.
 *
 * Combines a step from `run.updated` with the latest `run.progress` for it. Progress events are
 * more frequent, so while the step runs their counters win; once it has finished the step's own
 * (final) counters do.
 */
export function stepView(step: RunStep, progress: RunProgress | undefined): StepView {
  const live = progress !== undefined && !isFinished(step.status);
  const counters = live ? progress.counters : step.counters;
  const estimate = (live ? progress.estimate : null) ?? step.estimate;
  const completed = step.status === 'Completed';
  const phase = live ? progress.phase : null;
  const reading = phase === 'read' || phase === 'transform' || phase === 'stage';
  const percent = completed ? 100 : percentDone(reading ? counters.read : settledRows(counters), estimate);
  return {
    entity: step.entity,
    step,
    counters,
    estimate,
    percent,
    settledPercent: completed ? 100 : percentDone(settledRows(counters), estimate),
    readPercent: completed ? 100 : percentDone(counters.read, estimate),
    phase,
    rate: live ? progress.rate : null,
    etaSeconds: live ? progress.etaSeconds : null,
  };
}
