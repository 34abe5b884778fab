import type { AssessmentProgress, AssessmentSummary } from '../model/assessment';
import type { ProjectInfo } from '../model/project';
import type { RunEvent, RunInfo, RunProgress } from '../model/run';
import type { TargetCheck } from '../model/target';
import type { SourceProgress } from './sources-contract';

/** Events the engine pushes to every connected client. */
export interface StudioEvents {
  'project.changed': ProjectInfo | null;
  'run.updated': RunInfo;
  'run.progress': RunProgress;
  'run.event': RunEvent;
  'assessment.progress': AssessmentProgress;
  'assessment.updated': AssessmentSummary;
  /** A target connection test finished (by the user or before a run); carries any deprecation notice. */
  'target.checked': TargetCheck;
  /** Rows read by `sources.assess` (a source outside any project). */
  'sources.progress': SourceProgress;
}

export type EventName = keyof StudioEvents;
