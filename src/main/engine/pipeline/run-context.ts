import type { EventMessage } from '../../../shared/api/rpc';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { SourceConnector } from '../connectors/connector';
import type { JoinIndexStore } from '../project/join-index-repo';
import type { PreimageStore } from '../project/rollback-repo';
import type { RunsRepo } from '../project/runs-repo';
import type { StagingRepo } from '../project/staging-repo';
import type { ReconciliationRepo } from '../project/reconciliation-repo';
import type { AcademiaClient } from '../academia/academia-client';
import type { PersonDecisionSource } from './person-crosswalk';
import type { TargetSession } from './target-session';
import type { ErasedTest } from './stages/exclude/erased-test';

/** What a run writes about itself (the project file's `runs`, `run_steps`, `run_events`). */
export type RunRecords = Pick<RunsRepo, 'setStatus' | 'setCounters' | 'setReconciliation' | 'updateStep' | 'addEvent' | 'get'>;

/** Staged rows, rejects and receipts of a run (the project file's `staged_rows`, `rejects`, `push_receipts`). */
export type StagingStore = Pick<StagingRepo, 'stage' | 'reject' | 'rejectRows' | 'page' | 'recordReceipts' | 'predict' | 'stagedCount' | 'receiptIds'>;

/** The reconciliation certificate's storage a run uses (`project/reconciliation-repo.ts`). */
export type ReconciliationStore = Pick<ReconciliationRepo, 'stagedCount' | 'receiptSummary' | 'openReadBack' | 'comparePage' | 'merged' | 'saveMerged' | 'clearMismatches' | 'addMismatches' | 'setCheckedAt'>;

/** The parts of a target session a run uses: where it is, its contract, and a client to push and list. */
export type RunTarget = Pick<TargetSession, 'contract' | 'baseUrl' | 'schoolId'> & { client: Pick<AcademiaClient, 'pushBatch' | 'list'> & Partial<Pick<AcademiaClient, 'get'>> };

/** Everything a run needs, injected so tests can drive it with fakes and a fake clock. */
export interface RunContext {
  runs: RunRecords;
  staging: StagingStore;
  mappings: EntityMapping[];
  openSource(connectionId: string): Promise<SourceConnector>;
  target(): Promise<RunTarget>;
  /** Reviewers' duplicate decisions and the survivor rule: the person crosswalk the run applies. */
  personDecisions: PersonDecisionSource;
  emit(message: EventMessage): void;
  now(): Date;
  /** Rows per source read batch. */
  readBatchSize: number;
  /** Records per push batch (the API allows at most 500). */
  pushBatchSize: number;
  /**
   * Push batches sent before the oldest is answered (default 2, DEFAULT_PUSH_IN_FLIGHT; 1 sends
   * each batch after the previous answer). Receipts are still recorded batch by batch, in order.
   */
  pushInFlight?: number;
  /** Minimum milliseconds between two progress events of a step. */
  progressIntervalMs: number;
  /** Where joins index the joined stream (the project file); needed only by mappings with joins. */
  joinIndex?: JoinIndexStore;
  /** Where the reconciliation certificate is kept (mismatches, merged rows); without it reconcile counts only. */
  reconciliation?: ReconciliationStore;
  /** Where a run keeps the pre-images of the records it updates (the project file), for a rollback; none kept without it. */
  preimages?: PreimageStore;
  /** People erased on request: their records (and records referencing them) stay out of the run; absent when nobody was erased. */
  erased?: ErasedTest;
}
