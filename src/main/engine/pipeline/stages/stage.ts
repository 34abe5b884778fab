import type { z } from 'zod';
import type { Counters } from '../../../../shared/model/counters';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { RunEventLevel, RunProgress } from '../../../../shared/model/run';
import type { SourceConnector } from '../../connectors/connector';
import type { TargetContract } from '../../../../academia-api/contract';
import type { JoinIndexStore } from '../../project/join-index-repo';
import type { PreimageStore } from '../../project/rollback-repo';
import type { PersonCrosswalk } from '../person-crosswalk';
import type { ReconciliationStore, RunTarget, StagingStore } from '../run-context';
import type { SyncStageServices } from './sync-services';
import type { ErasedTest } from './exclude/erased-test';

/**
 * The contract of a run's stages. A run is a plan: for each entity, a list of stages in data-flow
 * order (read → map → merge-people → validate → stage → push → reconcile; a dry run ends in
 * predict instead of push, a preview in collect). Borrowed from Apache Hop's transforms: each
 * stage declares its settings (a zod schema), says what its output looks like without running
 * (`fields`, Hop's `getFields`), checks its settings against what comes in and returns remarks with
 * a place (`check`), and processes a stream of batches (`process`). Bad rows travel on beside the
 * good ones, each with its reasons and the stage that rejected it, until the stage that records
 * them (Hop's error hop).
 */

/** Names of the stages (one folder each under `pipeline/stages/`). */
export type StageKind = 'read' | 'select-rejects' | 'correct' | 'join' | 'filter' | 'fan-out' | 'map' | 'merge-people' | 'validate' | 'stage' | 'preimage' | 'push' | 'predict' | 'reconcile' | 'collect' | 'cursor' | 'change-set' | 'remove' | 'exclude';

/** Where a bad row was rejected, as `rejects.stage` stores it (docs/conventions.md). */
export type RejectStage = 'transform' | 'validate' | 'target';

/** A row that cannot go on, with why and where. */
export interface BadRow {
  stage: RejectStage;
  externalId: string | null;
  /** 1-based position in the source read; null when the row is no source row (a record the target refused). */
  sourceRow: number | null;
  errors: { field: string | null; message: string; code?: string }[];
  /** The row as it is recorded: the source row (or, for a duplicate, the staged record). */
  row: Record<string, unknown>;
  /** What the mapping made of the row, when it got that far (the person crosswalk still looks at it). */
  record?: Record<string, unknown>;
  /**
   * The source columns the mapping reads (its fields and keys): the only ones a reject keeps, so a
   * rejected row holds the mapped fields, its row number and key, not the whole source row.
   */
  keep?: readonly string[];
}

/** One batch on its way down the plan: the rows that go on and the bad rows that travel with them. */
export interface Batch<T> {
  rows: T[];
  bad: BadRow[];
}

/** A source row with its position in the read. */
export interface SourceRow {
  sourceRow: number;
  row: Record<string, unknown>;
}

/** A source row and the record the mapping made of it. */
export interface RecordRow extends SourceRow {
  externalId: string;
  record: Record<string, unknown>;
  /** The source columns the mapping reads (see `BadRow.keep`). */
  keep?: readonly string[];
  /** What the mapping's warning rules said of the record (it is loaded all the same). */
  warnings?: { field: string | null; message: string; code: string }[];
}

/** One field of the rows a stage hands on, as `fields` describes them. */
export interface FieldInfo {
  name: string;
  /** A source column type, or the target field's type; 'unknown' when neither is known. */
  type: string;
  /** The stage that put the field there. */
  origin: StageKind;
}

/** The shape of a stage's output, computed without running it. */
export interface RowShape {
  fields: FieldInfo[];
}

export const EMPTY_SHAPE: RowShape = { fields: [] };

/** A remark from `check`, with the place it is about (`settings.stream`, `field dateOfBirth`…). */
export interface Remark {
  level: 'error' | 'warning' | 'info';
  stage: StageKind;
  place: string;
  message: string;
}

/** What `fields` and `check` may look at: the target's contract and the saved catalogs. Nothing runs. */
export interface PlanEnv {
  contract: TargetContract | null;
  /** The connection's last saved catalog, or null when it was never discovered. */
  catalog(connectionId: string): StreamInfo[] | null;
}

/** The services of a run that stages use (injected, so tests drive stages with fakes). */
export interface StageServices {
  openSource(connectionId: string): Promise<SourceConnector>;
  staging: StagingStore;
  target: RunTarget;
  crosswalk: PersonCrosswalk;
  /** Where `join` stages keep the joined stream's index (the project file); only plans with joins need it. */
  joinIndex?: JoinIndexStore;
  /** The change set and its baseline; only a sync's plans (cursor, change-set, remove) need it. */
  sync?: SyncStageServices;
  /** Where `reconcile` keeps the certificate (checksums and mismatches); without it, it counts only. */
  reconciliation?: ReconciliationStore;
  /** Where the push's `preimage` stage keeps what it is about to change (the project file); without it no pre-images are kept. */
  preimages?: PreimageStore;
  /** People erased on request (issue 21): the `exclude` stage leaves their records out; absent when nobody was erased. */
  erased?: ErasedTest;
}

/** What a stage gets while it runs: the step it belongs to and the run's services. */
export interface StageContext {
  runId: string;
  /** The entity (the step) this plan loads. */
  entity: string;
  signal: AbortSignal;
  /** The step's live counters; stages add to them, the executor publishes them. */
  counters: Counters;
  services: StageServices;
  now(): Date;
  log(level: RunEventLevel, message: string): void;
  /** Progress of the step; throttled by the executor unless forced. `total` defaults to the estimate. */
  progress(phase: RunProgress['phase'], done: number, options?: { force?: boolean; total?: number | null }): void;
  /** The step begins for real (its source answered): marks it Processing with its row estimate. */
  begin(estimate: number | null): void;
}

/** One stage: settings schema, output shape, settings check and batch processing. */
export interface StageDefinition<S, In, Out> {
  readonly kind: StageKind;
  /** Words for a person (the plan as the UI and the docs show it). */
  readonly label: string;
  readonly settings: z.ZodType<S>;
  /** The output shape from the input shape, without running (Hop's `getFields`). */
  fields(settings: S, input: RowShape, env: PlanEnv): RowShape;
  /** Remarks on the settings and the input, each with a place (Hop's `check`). Never throws. */
  check(settings: S, input: RowShape, env: PlanEnv): Remark[];
  /**
   * Pulls batches from `input` and yields batches on. Must stop at `ctx.signal` and release what
   * it holds in `finally` (the consumer may stop early: a generator's `return` runs it).
   */
  process(input: AsyncIterable<Batch<In>>, settings: S, ctx: StageContext): AsyncIterable<Batch<Out>>;
}

/** Declares a stage; the identity function, there for the types. */
export function defineStage<S, In, Out>(definition: StageDefinition<S, In, Out>): StageDefinition<S, In, Out> {
  return definition;
}

/** A stage with its settings, as a plan holds it. */
export interface PlannedStage<In = unknown, Out = unknown> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plan mixes stages of any settings type; `plan()` checks each pairing
  stage: StageDefinition<any, In, Out>;
  settings: unknown;
}

/** Pairs a stage with settings of its own type (the compiler checks the pairing here). */
export function planned<S, In, Out>(stage: StageDefinition<S, In, Out>, settings: S): PlannedStage<In, Out> {
  return { stage, settings };
}
