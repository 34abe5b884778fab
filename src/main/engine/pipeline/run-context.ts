import type { EventMessage } from '../../../shared/api/rpc';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { SourceConnector } from '../connectors/connector';
import type { Project } from '../project/project';
import type { RunsRepo } from '../project/runs-repo';
import type { StagingRepo } from '../project/staging-repo';
import type { PersonDecisionSource } from './person-merge-loader';
import type { TargetSession } from './target-session';

/** Everything a run needs, injected so tests can drive it with fakes and a fake clock. */
export interface RunContext {
  project: Project;
  runs: RunsRepo;
  staging: StagingRepo;
  mappings: EntityMapping[];
  openSource(connectionId: string): Promise<SourceConnector>;
  target(): Promise<TargetSession>;
  /** Reviewers' duplicate decisions and the survivor rule: the person crosswalk the run applies. */
  personDecisions: PersonDecisionSource;
  emit(message: EventMessage): void;
  now(): Date;
  /** Rows per source read batch. */
  readBatchSize: number;
  /** Records per push batch (the API allows at most 500). */
  pushBatchSize: number;
  /** Minimum milliseconds between two progress events of a step. */
  progressIntervalMs: number;
}
