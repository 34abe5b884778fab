import type { SyncConflict, SyncDefinition, SyncDefinitionInput, SyncHold, SyncOutcome, SyncRunInfo } from '../../../src/shared/model/sync';
import type { SyncEventsOverview } from '../../../src/shared/model/sync-events';
import { StudioError } from '../../../src/shared/errors';
import type { EventName, StudioEvents } from '../../../src/shared/api/events';
import type { AuditEntryInfo, FolderEntry, StudioApi } from '../../../src/shared/api/services';
import type { RejectRecord } from '../../../src/shared/api/contracts/rejects';
import type { ReconciliationDocument, ReconciliationMismatch } from '../../../src/shared/api/contracts/reconcile';
import type { RollbackConflict, RollbackReport } from '../../../src/shared/api/contracts/rollback';
import type { Alert, IntegrationView, MetricPeriod, MetricPoint, MetricsAnswer } from '../../../src/shared/api/contracts/monitoring';
import type { AssessmentReportFile, AssessmentResult, AssessmentSummary, MatchDecision, SurvivorRule } from '../../../src/shared/model/assessment';
import type { Catalog, ConnectionInfo, Preview } from '../../../src/shared/model/connection';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import type { Crosswalk } from '../../../src/shared/model/crosswalk';
import { emptyCutover } from '../../../src/shared/model/cutover';
import { EMPTY_MIGRATION_RECORD, type MigrationRecordStored, type PlannedMilestone } from '../../../src/shared/model/migration-plan';
import { computeMigrationProgress, type MigrationFacts } from '../../../src/shared/model/migration-progress';
import { completedSummary, demoAssessmentResult, demoDuplicatePairs } from './assessment-fixture';
import type { DuplicatePair } from '../../../src/shared/model/duplicate-pair';
import { addCounters, emptyCounters, type Counters } from '../../../src/shared/model/counters';
import type { ProjectInfo, RecentProject } from '../../../src/shared/model/project';
import type { RunEvent, RunInfo, RunStep } from '../../../src/shared/model/run';
import type { Settings, TargetProfile } from '../../../src/shared/model/settings';
import type { SmtpSettings, WebhookDeliveryInfo, WebhookEndpointInfo } from '../../../src/shared/model/notify';
import type { RolloverPreview } from '../../../src/shared/model/rollover';
import type { BundleExport } from '../../../src/shared/model/oneroster';
import { demoRunPlan, fakePending, fakeQuarantineMethods } from './fake-quarantine';
import type { RunPlanPreview } from '../../../src/shared/api/contracts/run-plan';
import { fakeRunReports } from './fake-run-reports';
import { demoSandboxOverview, fakeSandboxAdminService, fakeTargetsService, type FakeTargetState } from './fake-target';

/**
 * An in-memory engine for renderer tests: the StudioApi interfaces over plain objects, plus a
 * small event emitter standing in for the engine's pushed events. Tests drive it with `emit`
 * and inspect `calls` to see what the UI asked for.
 */
export interface FakeStudio {
  client: { api: StudioApi; on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void): () => void };
  emit<E extends EventName>(event: E, payload: StudioEvents[E]): void;
  state: FakeState;
  calls: { method: string; params: unknown }[];
  /** Makes the next call of `service.method` fail with this error. */
  failNext(method: string, error: StudioError): void;
  /** Completes a running assessment with `result` (the canned demo one by default) and announces it, as the engine does. */
  finishAssessment(assessmentId: string, result?: AssessmentResult): AssessmentSummary;
}

export interface FakeState extends FakeTargetState {
  project: ProjectInfo | null;
  recent: RecentProject[];
  connections: ConnectionInfo[];
  catalogs: Record<string, Catalog>;
  previews: Record<string, Preview>;
  runs: RunInfo[];
  events: RunEvent[];
  /** Rejected rows by run id, in order (`runs.rejects` filters, counts and pages them like the engine). */
  rejects: Record<string, RejectRecord[]>;
  /** What `runs.plan` answers (the estimate before a run). */
  runPlan: RunPlanPreview;
  /** Each run's stored reconciliation mismatches (runs.reconciliation); runs.reconcile re-reads nothing here. */
  mismatches: Record<string, ReconciliationMismatch[]>;
  /**
   * What a rollback of each run (by the rolled-back run's id) finds changed in Academia Pro since:
   * `runs.rollback` leaves these as conflicts and puts back the rest of what the run wrote.
   */
  rollbackConflicts: Record<string, RollbackConflict[]>;
  /** Reports of the rollbacks `runs.rollback` acted out, by the rollback run's id. */
  rollbackReports: Record<string, RollbackReport>;
  settings: Settings;
  target: TargetProfile;
  /** The audit trail, in any order (listed newest first, like the engine). */
  audit: AuditEntryInfo[];
  /** When set, `audit.verify` reports the chain broken at this entry. */
  auditBrokenAt: number | null;
  /** Passwords handed to `connections.setSecret`, by connection id (the fake's vault). */
  secrets: Record<string, string>;
  /** Assessments as listed (any order; listed newest first). */
  assessments: AssessmentSummary[];
  /** Results of completed assessments, by id. */
  assessmentResults: Record<string, AssessmentResult>;
  /** Saved match decisions (the smaller key first, as the engine saves them). */
  decisions: MatchDecision[];
  survivorRule: SurvivorRule;
  /** The source records behind duplicate pairs, unmasked, by `TABLE/left/right` (smaller key first). */
  duplicatePairs: Record<string, DuplicatePair>;
  /** The project's mappings (`mappings.adoptFix` appends a fix's transforms to the field fed by the finding's column). */
  mappings: EntityMapping[];
  /** The studio machine's disk as the picker sees it: each folder's entries, by folder path. */
  disk: Record<string, FolderEntry[]>;
  /** The migration record and planned milestones as `migration.setRecord`/`setMilestones` left them (unchecked: the engine's tests check them). */
  migrationRecord?: MigrationRecordStored;
  milestones?: PlannedMilestone[];
  /** The saved rollover preview the Plan screen's rollover card shows (approve and apply change it). */
  rollover?: RolloverPreview | null;
  /** What oneRoster.export answers. */
  oneRosterExport?: BundleExport;
  /** Paths granted through `files.grant`. */
  granted: string[];
  /** The project's named crosswalks. */
  crosswalks: Crosswalk[];
  /** Sync definitions (as `syncs.define` saved them). */
  syncs: SyncDefinition[];
  /** Sync runs, newest first. */
  syncRuns: SyncRunInfo[];
  /** What the change gate holds on the next `syncs.run` (null: it lets the run through). */
  syncHold: SyncHold | null;
  /** Two-way conflicts the fake's syncs.conflicts lists (tests put them in). */
  syncConflicts: SyncConflict[];
  /** The monitoring's integrations view and alerts (any state; `monitoring.alerts` lists the open ones). */
  integrations: IntegrationView[];
  alerts: Alert[];
  /** Answers `monitoring.metrics` (the test decides what each filter shows). */
  metrics: (query: { period: MetricPeriod; integration?: string; entity?: string }) => MetricsAnswer;
  /** Webhook endpoints (listed in creation order) and their signing secrets by endpoint id (the fake's vault). */
  webhookEndpoints: WebhookEndpointInfo[];
  webhookSecrets: Record<string, string>;
  /** Deliveries in any order (listed newest first, like the engine). */
  webhookDeliveries: WebhookDeliveryInfo[];
  /** SMTP settings as `setSmtpSettings` saved them, and the password it was handed. */
  smtp: SmtpSettings | null;
  smtpPassword: string | null;
}

/** A small home folder for the picker: a folder of exports, a CSV, and the studio's own config folder. */
export function demoDisk(): Record<string, FolderEntry[]> {
  return {
    '/home/it': [
      { name: '.config', path: '/home/it/.config', kind: 'folder', size: null, protected: false },
      { name: 'exports', path: '/home/it/exports', kind: 'folder', size: null, protected: false },
      { name: 'pupils.csv', path: '/home/it/pupils.csv', kind: 'file', size: 2048, protected: false },
    ],
    '/home/it/exports': [{ name: 'staff.xlsx', path: '/home/it/exports/staff.xlsx', kind: 'file', size: 9000, protected: false }],
    '/home/it/.config': [{ name: 'academia-studio', path: '/home/it/.config/academia-studio', kind: 'folder', size: null, protected: true }],
  };
}

export const DEMO_PROJECT: ProjectInfo = {
  path: '/tmp/demo.apstudio',
  name: 'Demo school',
  createdAt: '2025-01-10T09:00:00.000Z',
  schemaVersion: 1,
  migrationStatus: 'Execution',
  isDemo: true,
  counts: { connections: 1, mappings: 3, runs: 0 },
};

export function counters(partial: Partial<Counters> = {}): Counters {
  return { ...emptyCounters(), ...partial };
}

export function step(entity: string, partial: Partial<RunStep> = {}): RunStep {
  return { entity, status: 'Queued', counters: counters(), estimate: null, startedAt: null, endedAt: null, ...partial };
}

export function run(runId: string, partial: Partial<RunInfo> = {}): RunInfo {
  return {
    runId,
    operation: 'Migration',
    status: 'Processing',
    dryRun: false,
    counters: counters(),
    steps: [],
    reconciliation: [],
    startedAt: '2025-01-10T10:00:00.000Z',
    endedAt: null,
    durationMs: null,
    ...partial,
  };
}

/** An audit entry with plausible defaults; `seq` orders the trail. */
export function auditEntry(seq: number, partial: Partial<AuditEntryInfo> = {}): AuditEntryInfo {
  return {
    seq,
    at: new Date(Date.UTC(2025, 0, 10, 8, 0, seq)).toISOString(),
    actor: 'it@school-pc',
    action: 'connection.test',
    object: 'connection:c1',
    summary: `Entry ${seq}.`,
    hash: seq.toString(16).padStart(64, '0'),
    ...partial,
  };
}

/** The engine's filter rule: a value ending in `*` matches as a prefix, otherwise exactly. */
function matchesFilter(value: string, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true;
  return filter.endsWith('*') ? value.startsWith(filter.slice(0, -1)) : value === filter;
}

/** True when a connection string carries a password (`scheme://user:password@host`). */
const carriesPassword = (location: string) => /\/\/[^/:@\s]+:[^@\s]+@/.test(location);

export function createFakeStudio(initial: Partial<FakeState> = {}): FakeStudio {
  const state: FakeState = {
    project: null,
    recent: [],
    connections: [],
    catalogs: {},
    previews: {},
    runs: [],
    events: [],
    rejects: {},
    runPlan: demoRunPlan(),
    mismatches: {},
    rollbackConflicts: {},
    rollbackReports: {},
    settings: { theme: 'light', maskPersonalData: true, batchSize: 200 },
    target: {
      name: 'Sandbox',
      kind: 'embedded-sandbox',
      baseUrl: null,
      apiVersion: 'v1',
      auth: 'oauth2',
      clientId: 'studio',
      hasSecret: true,
      schoolId: 'demo-school',
    },
    audit: [],
    auditBrokenAt: null,
    secrets: {},
    assessments: [],
    assessmentResults: {},
    decisions: [],
    survivorRule: 'most-complete',
    syncs: [],
    syncRuns: [],
    syncHold: null,
    syncConflicts: [],
    duplicatePairs: demoDuplicatePairs(),
    disk: demoDisk(),
    granted: [],
    mappings: [],
    crosswalks: [],
    integrations: [],
    alerts: [],
    metrics: (query) => emptyMetrics(query.period),
    webhookEndpoints: [],
    webhookSecrets: {},
    webhookDeliveries: [],
    smtp: null,
    smtpPassword: null,
    targetChecks: [],
    targetSecret: null,
    targetFailure: null,
    sandbox: demoSandboxOverview(),
    adminToken: null,
    ...initial,
  };
  const calls: FakeStudio['calls'] = [];
  const failures = new Map<string, StudioError>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  const emit = <E extends EventName>(event: E, payload: StudioEvents[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const needProject = () => {
    if (!state.project) throw new StudioError('NO_PROJECT_OPEN', 'No project is open.', 'Open or create a project first.');
    return state.project;
  };
  const record = async <T>(method: string, params: unknown, body: () => T): Promise<T> => {
    calls.push({ method, params });
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    return body();
  };
  const findConnection = (id: string) => {
    const c = state.connections.find((x) => x.id === id);
    if (!c) throw new StudioError('CONNECTION_NOT_FOUND', `No connection with id ${id}.`, 'Refresh the list.');
    return c;
  };
  const findAssessment = (assessmentId: string) => {
    const result = state.assessmentResults[assessmentId];
    if (!result) throw new StudioError('ASSESSMENT_NOT_FOUND', `No completed assessment ${assessmentId}.`, 'Refresh the list.');
    return result;
  };
  const findEndpoint = (id: string) => {
    const e = state.webhookEndpoints.find((x) => x.id === id);
    if (!e) throw new StudioError('WEBHOOK_NOT_FOUND', `No webhook endpoint ${id}.`, 'Refresh the list.');
    return e;
  };
  const latestDeliveryAt = () => state.webhookDeliveries.map((d) => d.createdAt).sort().at(-1) ?? '2025-01-10T10:00:00.000Z';
  const smtpInfo = () => ({ settings: state.smtp ? structuredClone(state.smtp) : null, passwordStatus: state.smtpPassword === null ? ('missing' as const) : ('set' as const) });
  const findAlert = (id: string) => {
    const a = state.alerts.find((x) => x.id === id);
    if (!a) throw new StudioError('ALERT_NOT_FOUND', `No alert ${id}.`, 'Refresh the list.');
    return a;
  };
  const findRun = (runId: string) => {
    const r = state.runs.find((x) => x.runId === runId);
    if (!r) throw new StudioError('RUN_NOT_FOUND', `No run ${runId}.`, 'Refresh the list.');
    return r;
  };

  /**
   * The engine's rollback, at once: refuses what it refuses, then writes a Completed `Rollback`
   * run (steps in reverse load order) whose report puts back what the run created and updated,
   * except the records `state.rollbackConflicts` names for it.
   */
  const actOutRollback = (sourceRunId: string, entity: string | undefined) => {
    needProject();
    const source = findRun(sourceRunId);
    const active = state.runs.find((r) => r.status === 'Queued' || r.status === 'Processing' || r.status === 'Paused');
    if (active) throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${active.runId} is still in progress.`, 'Wait for it to finish or cancel it, then roll back.');
    if (source.operation === 'Rollback' || source.dryRun) throw new StudioError('NOTHING_TO_ROLL_BACK', `Run ${sourceRunId} wrote nothing a rollback can put back.`, 'Only a run that pushed can be rolled back.');
    if (entity !== undefined && !source.steps.some((s) => s.entity === entity)) throw new StudioError('NOTHING_TO_ROLL_BACK', `Run ${sourceRunId} did not load ${entity}.`, 'Choose one of its entities.');
    const scope = source.steps.filter((s) => entity === undefined || s.entity === entity).reverse();
    const conflicts = (state.rollbackConflicts[sourceRunId] ?? []).filter((c) => scope.some((s) => s.entity === c.entity));
    const entities = scope.map((s) => {
      const of = conflicts.filter((c) => c.entity === s.entity);
      const left = (action: RollbackConflict['action']) => of.filter((c) => c.action === action).length;
      return { entity: s.entity, restored: s.counters.updated - left('restore'), deleted: s.counters.created - left('delete'), unchanged: 0, conflicts: of.length };
    });
    const runId = `run-${nextId++}`;
    const at = new Date(Date.UTC(2025, 0, 10, 12, nextId)).toISOString();
    const countersOf = (e: (typeof entities)[number]) => counters({ read: e.restored + e.deleted + e.conflicts, updated: e.restored, deleted: e.deleted, rejected: e.conflicts });
    const steps = entities.map((e) => step(e.entity, { status: 'Completed', counters: countersOf(e), startedAt: at, endedAt: at }));
    const total = steps.reduce((sum, s) => addCounters(sum, s.counters), counters({ deleted: 0 }));
    const rollbackRun = run(runId, { operation: 'Rollback', status: 'Completed', counters: total, steps, startedAt: at, endedAt: at, durationMs: 0 });
    state.runs.unshift(rollbackRun);
    state.rollbackReports[runId] = { runId, rolledBackRunId: sourceRunId, entity: entity ?? null, status: 'Completed', entities, conflicts, conflictsTotal: conflicts.length };
    emit('run.updated', rollbackRun);
    return { runId };
  };

  const api: StudioApi = {
    projects: {
      current: () => record('projects.current', undefined, () => state.project),
      create: (req) => record('projects.create', req, () => (state.project = { ...DEMO_PROJECT, isDemo: false, path: req.path, name: req.name ?? 'New project' })),
      open: (req) => record('projects.open', req, () => (state.project = { ...DEMO_PROJECT, isDemo: false, path: req.path })),
      openDemo: (req) => record('projects.openDemo', req, () => (state.project = { ...DEMO_PROJECT })),
      close: () => record('projects.close', undefined, () => void (state.project = null)),
      recent: () => record('projects.recent', undefined, () => state.recent),
      export: (req) =>
        record('projects.export', req, () => {
          // Like the engine: the connections with a stored password, and the target when its secret is set.
          const project = needProject();
          if (req.path === project.path) throw new StudioError('BAD_REQUEST', `The export would be written onto the open project itself (${req.path}).`, 'Choose a new file name for the copy.');
          const needsSecrets = state.connections.filter((c) => c.secretStatus !== 'missing').map((c) => ({ kind: 'connection' as 'connection' | 'target', id: c.id, name: c.name }));
          if (state.target.hasSecret) needsSecrets.push({ kind: 'target', id: 'target', name: state.target.name });
          return { path: req.path, bytes: 48 * 1024, needsSecrets };
        }),
      supportBundle: (req) =>
        record('projects.supportBundle', req, () => {
          needProject();
          return { file: req.out, bytes: 12 * 1024, runs: state.runs.length, runEvents: 0, assessments: 0, targetChecks: 0, auditEntries: 0 };
        }),
      purge: () =>
        record('projects.purge', undefined, () => {
          needProject();
          return { retentionDays: null, cutoff: null, runs: [], stagedRows: 0, rejects: 0, mismatches: 0, merges: 0, preimages: 0, syncChanges: 0, requests: 0, baselineKept: 0 };
        }),
      personFind: (req) =>
        record('projects.personFind', req, () => {
          needProject();
          return req.text.toLowerCase().includes('ana') ? [{ entity: 'students', externalId: 'S-1', firstName: 'Ana', lastName: 'Silva', birthDate: '2012-03-04' }] : [];
        }),
      personExport: (req) =>
        record('projects.personExport', req, () => {
          needProject();
          return { file: req.out, bytes: 2048, records: 3, counts: { staged: 3, rejects: 0, preimages: 0, mismatches: 0, merges: 0, syncChanges: 0 } };
        }),
      personDocument: (req) =>
        record('projects.personDocument', req, () => {
          needProject();
          return { filename: `${req.entity}-person-export.json`, contentType: 'application/json', content: '{}', encoding: 'utf8' as const };
        }),
      personErase: (req) =>
        record('projects.personErase', req, () => {
          needProject();
          return { erasureId: 'erasure-1', records: 3, counts: { staged: 3, rejects: 0, preimages: 0, mismatches: 0, merges: 0, syncChanges: 0 }, heldOut: 3 };
        }),
    },
    connections: {
      list: () => record('connections.list', undefined, () => (needProject(), state.connections)),
      add: (req) =>
        record('connections.add', req, () => {
          needProject();
          const connection: ConnectionInfo = {
            id: `c${nextId++}`,
            name: req.name,
            kind: req.kind ?? 'csv',
            location: req.location,
            config: {},
            hasSecret: carriesPassword(req.location),
            secretStatus: carriesPassword(req.location) ? 'set' : 'missing',
            createdAt: '2025-01-10T09:30:00.000Z',
          };
          state.connections.push(connection);
          return connection;
        }),
      setSecret: (req) =>
        record('connections.setSecret', req, () => {
          needProject();
          const replacing = findConnection(req.id).secretStatus !== 'missing';
          const updated: ConnectionInfo = { ...findConnection(req.id), hasSecret: true, secretStatus: 'set' };
          state.secrets[req.id] = req.secret;
          state.connections = state.connections.map((c) => (c.id === req.id ? updated : c));
          // As the vault does: an entry naming the secret, never holding it.
          const name = `connection:${req.id}:password`;
          const seq = Math.max(0, ...state.audit.map((e) => e.seq)) + 1;
          state.audit.push(auditEntry(seq, { action: replacing ? 'vault.replace' : 'vault.set', object: name, summary: `${replacing ? 'Replaced' : 'Stored'} the secret "${name}".` }));
          return updated;
        }),
      remove: (req) => record('connections.remove', req, () => void (state.connections = state.connections.filter((c) => c.id !== req.id))),
      test: (req) =>
        record('connections.test', req, () => {
          findConnection(req.id);
          return { ok: true, at: '2025-01-10T09:31:00.000Z', message: 'Connected', latencyMs: 4 };
        }),
      discover: (req) => record('connections.discover', req, () => (findConnection(req.id), state.catalogs[req.id] ?? { streams: [], discoveredAt: '2025-01-10T09:32:00.000Z' })),
      catalog: (req) => record('connections.catalog', req, () => state.catalogs[req.id] ?? null),
      preview: (req) =>
        record('connections.preview', req, () => {
          const preview = state.previews[`${req.id}/${req.stream}`];
          if (!preview) throw new StudioError('STREAM_NOT_FOUND', `No stream ${req.stream}.`, 'Discover again.');
          return preview;
        }),
    },
    mappings: {
      list: () => record('mappings.list', undefined, () => structuredClone(state.mappings)),
      get: (req) =>
        record('mappings.get', req, () => {
          const mapping = state.mappings.find((m) => m.id === req.id);
          if (!mapping) throw new StudioError('MAPPING_NOT_FOUND', `No mapping ${req.id}.`, 'Refresh.');
          return structuredClone(mapping);
        }),
      // A transform fix only (what renderer tests exercise); the engine's adopt-fix covers the rest.
      adoptFix: (req) =>
        record('mappings.adoptFix', req, () => {
          const finding = findAssessment(req.assessmentId).findings.find((f) => f.code === req.code && f.table === req.table && f.column === req.column);
          const connectionId = state.assessments.find((a) => a.assessmentId === req.assessmentId)?.connectionId;
          const mapping = state.mappings.find((m) => m.connectionId === connectionId && m.stream === req.table);
          const transforms = finding?.fix?.transforms;
          if (!transforms?.length) throw new StudioError('FIX_NOT_ADOPTABLE', `The fix for ${req.code} cannot be adopted in one click.`, 'Change the mapping by hand.');
          if (!mapping) throw new StudioError('MAPPING_NOT_FOUND', `No mapping reads ${req.table}.`, 'Map it first.');
          if ((mapping.adoptedFixes ?? []).some((a) => a.code === req.code && a.table === req.table && a.column === req.column)) return { mapping: structuredClone(mapping), change: 'The mapping already has this fix.', changed: false };
          const fields = mapping.fields.filter((f) => f.column === req.column);
          for (const f of fields) f.transforms.push(...structuredClone(transforms));
          mapping.adoptedFixes = [...(mapping.adoptedFixes ?? []), { code: req.code, table: req.table, column: req.column, at: '2025-01-10T10:20:00.000Z' }];
          return { mapping: structuredClone(mapping), change: `Added ${transforms.map((t) => t.kind).join(', ')} to ${fields.map((f) => `${mapping.entity}.${f.field}`).join(', ')}.`, changed: true };
        }),
      crosswalks: () => record('mappings.crosswalks', undefined, () => structuredClone(state.crosswalks)),
      crosswalk: (req) =>
        record('mappings.crosswalk', req, () => {
          const crosswalk = state.crosswalks.find((c) => c.name === req.name);
          if (!crosswalk) throw new StudioError('CROSSWALK_NOT_FOUND', `No crosswalk ${req.name}.`, 'Check the name.');
          return structuredClone(crosswalk);
        }),
      putCrosswalk: (req) =>
        record('mappings.putCrosswalk', req, () => {
          const crosswalk = { name: req.name, table: { ...req.table }, description: req.description ?? '', updatedAt: '2025-01-10T10:20:00.000Z' };
          state.crosswalks = [...state.crosswalks.filter((c) => c.name !== req.name), crosswalk];
          return structuredClone(crosswalk);
        }),
      create: (req) =>
        record('mappings.create', req, () => {
          const mapping = { ...structuredClone(req.mapping), id: req.mapping.id ?? `${req.mapping.entity}-${req.mapping.stream}`, updatedAt: '2025-01-10T10:30:00.000Z' };
          state.mappings.push(mapping);
          return structuredClone(mapping);
        }),
      update: (req) =>
        record('mappings.update', req, () => {
          const i = state.mappings.findIndex((m) => m.id === req.id);
          if (i < 0) throw new StudioError('MAPPING_NOT_FOUND', `No mapping ${req.id}.`, 'Refresh.');
          state.mappings[i] = { ...structuredClone(req.mapping), id: req.id, updatedAt: '2025-01-10T10:31:00.000Z' };
          return structuredClone(state.mappings[i]);
        }),
      delete: (req) => record('mappings.delete', req, () => void (state.mappings = state.mappings.filter((m) => m.id !== req.id))),
      // No screen uses these yet; the engine's own tests cover them (test/integration/mapping-service.test.ts).
      history: (req) => record('mappings.history', req, () => notServed('mappings.history')),
      signOff: (req) => record('mappings.signOff', req, () => notServed('mappings.signOff')),
      validate: (req) => record('mappings.validate', req, () => notServed('mappings.validate')),
      describeOutput: (req) => record('mappings.describeOutput', req, () => notServed('mappings.describeOutput')),
      byExample: (req) => record('mappings.byExample', req, () => notServed('mappings.byExample')),
      preview: (req) => record('mappings.preview', req, () => notServed('mappings.preview')),
      import: (req) => record('mappings.import', req, () => notServed('mappings.import')),
      // No screen shows suggestions yet; the engine's suggestions are tested under test/unit/suggest.
      suggest: (req) => record('mappings.suggest', req, () => (needProject(), { entities: [], recognition: [] })),
      acceptSuggestions: (req) => record('mappings.acceptSuggestions', req, () => (needProject(), { suggestions: { entities: [], recognition: [] }, accepted: [], kept: [], leftOut: [], schoolId: null })),
    },
    runs: {
      start: (req) =>
        record('runs.start', req, () => {
          needProject();
          const runId = `run-${nextId++}`;
          state.runs.unshift(run(runId, { status: 'Queued', dryRun: req.dryRun === true, startedAt: new Date(Date.UTC(2025, 0, 10, 11, nextId)).toISOString() }));
          return { runId };
        }),
      list: (req) => record('runs.list', req, () => (needProject(), state.runs.slice(0, req.limit ?? 100))),
      get: (req) => record('runs.get', req, () => findRun(req.runId)),
      cancel: (req) => record('runs.cancel', req, () => void findRun(req.runId)),
      events: (req) => record('runs.events', req, () => state.events.filter((e) => e.runId === req.runId && e.seq > (req.afterSeq ?? 0))),
      rejects: (req) =>
        record('runs.rejects', req, () => {
          findRun(req.runId);
          const ofEntity = (state.rejects[req.runId] ?? []).filter((r) => req.entity === undefined || r.entity === req.entity);
          const matching = ofEntity.filter((r) => r.reasons.some((x) => (req.code === undefined || x.code === req.code) && (req.field === undefined || x.field === req.field)));
          const tally = <K>(key: (x: RejectRecord['reasons'][number]) => K) => {
            const counts = new Map<K, number>();
            for (const r of ofEntity) for (const k of new Set(r.reasons.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
            return [...counts].sort((a, b) => b[1] - a[1]);
          };
          const offset = req.offset ?? 0;
          return {
            runId: req.runId,
            rows: (req.afterId !== undefined ? matching.filter((r) => r.id > req.afterId!) : matching.slice(offset)).slice(0, req.limit ?? 100),
            total: matching.length,
            byCode: tally((x) => x.code).map(([code, count]) => ({ code, count })),
            byField: tally((x) => x.field).map(([field, count]) => ({ field, count })),
            masked: state.settings.maskPersonalData,
            pending: fakePending(state.rejects[req.runId] ?? []),
          };
        }),
      exportRejects: (req) => record('runs.exportRejects', req, () => notServed('runs.exportRejects')),
      reconcile: (req) => record('runs.reconcile', req, () => reconciliationDocument(findRun(req.runId), state.mismatches[req.runId] ?? [])),
      reconciliation: (req) => record('runs.reconciliation', req, () => reconciliationDocument(findRun(req.runId), state.mismatches[req.runId] ?? [])),
      reconciliationReport: (req) => record('runs.reconciliationReport', req, () => ({ filename: `reconciliation-${req.runId}.${req.format}`, contentType: req.format === 'csv' ? 'text/csv' : req.format === 'pdf' ? 'application/pdf' : 'text/html', content: req.format === 'pdf' ? 'JVBERg==' : 'report', encoding: req.format === 'pdf' ? ('base64' as const) : ('utf8' as const) })),
      rollback: (req) => record('runs.rollback', req, () => actOutRollback(req.runId, req.entity)),
      ...fakeQuarantineMethods({
        rejects: state.rejects,
        runs: state.runs,
        plan: () => state.runPlan,
        newRun: (operation) => {
          const r = run(`run-${nextId++}`, { operation, status: 'Completed', startedAt: new Date(Date.UTC(2025, 0, 10, 11, nextId)).toISOString() });
          state.runs.unshift(r);
          return r;
        },
        record,
        findRun,
      }),
      rollbackReport: (req) =>
        record('runs.rollbackReport', req, () => {
          const report = state.rollbackReports[req.runId];
          if (!report) throw new StudioError('RUN_NOT_FOUND', `Run ${req.runId} is not a rollback.`, 'Give the run id `runs.rollback` answered with.');
          const conflicts = report.conflicts.filter((c) => req.entity === undefined || c.entity === req.entity);
          const offset = req.offset ?? 0;
          return {
            ...report,
            status: findRun(req.runId).status,
            entities: report.entities.filter((e) => req.entity === undefined || e.entity === req.entity),
            conflicts: conflicts.slice(offset, offset + (req.limit ?? 100)),
            conflictsTotal: conflicts.length,
          };
        }),
    },
    settings: {
      get: () => record('settings.get', undefined, () => (needProject(), state.settings)),
      update: (req) => record('settings.update', req, () => (needProject(), (state.settings = { ...state.settings, ...req }))),
    },
    targets: fakeTargetsService({ state, record, emit, needProject }),
    sandboxAdmin: fakeSandboxAdminService({ state, record, emit, needProject }),
    assessment: {
      start: (req) =>
        record('assessment.start', req, () => {
          needProject();
          const connection = findConnection(req.connectionId);
          const assessmentId = `assess-${nextId++}`;
          state.assessments.push({
            assessmentId,
            connectionId: connection.id,
            connectionName: connection.name,
            status: 'Processing',
            startedAt: new Date(Date.UTC(2025, 0, 10, 12, nextId)).toISOString(),
            endedAt: null,
            score: null,
            complexity: null,
            findings: { error: 0, warning: 0, info: 0 },
          });
          return { assessmentId };
        }),
      list: () => record('assessment.list', undefined, () => (needProject(), [...state.assessments].sort((a, b) => b.startedAt.localeCompare(a.startedAt)))),
      get: (req) =>
        record('assessment.get', req, () => {
          const result = findAssessment(req.assessmentId);
          const decided = new Map(state.decisions.map((d) => [`${d.table}/${d.left}/${d.right}`, d.decision]));
          const duplicates = result.duplicates.map((d) => {
            const [l, r] = d.left <= d.right ? [d.left, d.right] : [d.right, d.left];
            return { ...d, decision: decided.get(`${d.table}/${l}/${r}`) ?? null };
          });
          return { ...structuredClone(result), duplicates, assessmentId: req.assessmentId, decisions: [...state.decisions], survivorRule: state.survivorRule };
        }),
      cancel: (req) =>
        record('assessment.cancel', req, () => {
          const summary = state.assessments.find((a) => a.assessmentId === req.assessmentId && a.status === 'Processing');
          if (!summary) throw new StudioError('ASSESSMENT_NOT_FOUND', `Assessment ${req.assessmentId} is not running.`, 'Only a running assessment can be cancelled.');
          summary.status = 'Cancelled';
        }),
      decide: (req) =>
        record('assessment.decide', req, () => {
          findAssessment(req.assessmentId);
          const [left, right] = req.left <= req.right ? [req.left, req.right] : [req.right, req.left];
          state.decisions = state.decisions.filter((d) => !(d.table === req.table && d.left === left && d.right === right));
          if (req.decision !== null) state.decisions.push({ table: req.table, left, right, decision: req.decision, decidedAt: '2025-01-10T10:10:00.000Z', decidedBy: 'it@school-pc' });
          return [...state.decisions];
        }),
      pair: (req) =>
        record('assessment.pair', req, (): DuplicatePair => {
          findAssessment(req.assessmentId);
          const [left, right] = req.left <= req.right ? [req.left, req.right] : [req.right, req.left];
          const found = state.duplicatePairs[`${req.table}/${left}/${right}`];
          if (!found) throw new StudioError('BAD_REQUEST', `The assessment has no candidate pair ${req.left} / ${req.right} in ${req.table}.`, 'Refresh the review queue.');
          const pair = structuredClone(found);
          if (req.reveal) return pair;
          // Masked as the engine masks a preview: the first character of each word, the rest dots.
          const mask = (v: unknown) => (typeof v === 'string' ? v.replace(/(?<=\S)[^\s@.]/g, '•') : v);
          for (const side of [pair.left, pair.right]) for (const c of pair.columns) if (c.personal && c.name in side.values) side.values[c.name] = mask(side.values[c.name]);
          return { ...pair, revealed: false };
        }),
      setSurvivorRule: (req) => record('assessment.setSurvivorRule', req, () => void (needProject(), (state.survivorRule = req.rule))),
      report: (req) =>
        record('assessment.report', req, (): AssessmentReportFile => {
          findAssessment(req.assessmentId);
          const base = `assessment-${req.assessmentId}`;
          if (req.format === 'pdf') return { filename: `${base}.pdf`, contentType: 'application/pdf', content: btoa('%PDF-1.7 fake'), encoding: 'base64' };
          if (req.format === 'csv') return { filename: `${base}-findings.csv`, contentType: 'text/csv; charset=utf-8', content: 'code,severity\nORPHAN_REFERENCE,error\n', encoding: 'utf8' };
          return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: '<!doctype html><h1>Data readiness</h1>', encoding: 'utf8' };
        }),
    },
    audit: {
      list: (req) =>
        record('audit.list', req, () => {
          needProject();
          return state.audit
            .filter((e) => matchesFilter(e.action, req.action) && matchesFilter(e.object, req.object) && (req.beforeSeq === undefined || e.seq < req.beforeSeq))
            .sort((a, b) => b.seq - a.seq)
            .slice(0, req.limit ?? 200);
        }),
      verify: () =>
        record('audit.verify', undefined, () => {
          needProject();
          const entries = state.audit.length;
          return state.auditBrokenAt === null ? { valid: true, entries, firstBadEntry: null, keyed: true } : { valid: false, entries, firstBadEntry: state.auditBrokenAt, keyed: true };
        }),
      verifyFile: (req) => record('audit.verifyFile', req, () => notServed('audit.verifyFile')),
      exportFile: (req) => record('audit.exportFile', req, () => notServed('audit.exportFile')),
    },
    files: {
      browse: (req) =>
        record('files.browse', req, () => {
          const path = req.path ?? '/home/it';
          const entries = state.disk[path];
          if (!entries) throw new StudioError('SOURCE_NOT_FOUND', `There is no folder at ${path}.`, 'Go back to your home folder and browse from there.');
          const parent = path === '/' ? null : path.slice(0, path.lastIndexOf('/')) || '/';
          return { path, parent, home: '/home/it', roots: ['/'], entries, truncated: false };
        }),
      grant: (req) =>
        record('files.grant', req, () => {
          const entry = Object.values(state.disk).flat().find((e) => e.path === req.path);
          if (entry?.protected) throw new StudioError('SOURCE_PROTECTED', `The studio never reads ${req.path}.`, "This is the studio's own key file; it is never readable as a source.");
          state.granted.push(req.path);
          return { path: req.path, kind: entry?.kind === 'folder' ? ('folder' as const) : ('file' as const) };
        }),
    },
    sources: {
      describe: (req) => record('sources.describe', req, () => notServed('sources.describe')),
      open: (req) => record('sources.open', req, () => notServed('sources.open')),
      setSecret: (req) => record('sources.setSecret', req, () => notServed('sources.setSecret')),
      discover: (req) => record('sources.discover', req, () => notServed('sources.discover')),
      preview: (req) => record('sources.preview', req, () => notServed('sources.preview')),
      assess: (req) => record('sources.assess', req, () => notServed('sources.assess')),
      suggest: (req) => record('sources.suggest', req, () => notServed('sources.suggest')),
      close: (req) => record('sources.close', req, () => notServed('sources.close')),
    },
    // No screen shows webhooks or SMTP settings yet (issue 20 built the engine side).
    notifications: {
      listEndpoints: () => record('notifications.listEndpoints', undefined, () => (needProject(), structuredClone(state.webhookEndpoints))),
      createEndpoint: (req) =>
        record('notifications.createEndpoint', req, () => {
          needProject();
          const id = `wh${nextId++}`;
          const made = req.secret === undefined ? `whsec_fake${id}${'x'.repeat(16)}` : null;
          const endpoint: WebhookEndpointInfo = {
            id,
            name: req.name,
            url: checkFakeWebhookUrl(req.url),
            method: req.method ?? 'POST',
            contentType: req.contentType ?? 'json',
            events: req.events,
            retry: req.retry ?? { count: 3, intervalsSeconds: [30, 120, 600] },
            timeoutMs: req.timeoutMs ?? 10_000,
            enabled: req.enabled ?? true,
            secretStatus: 'set',
            createdAt: '2025-01-10T09:40:00.000Z',
            updatedAt: '2025-01-10T09:40:00.000Z',
          };
          state.webhookEndpoints.push(endpoint);
          state.webhookSecrets[id] = req.secret ?? (made as string);
          return { ...structuredClone(endpoint), ...(made ? { secret: made } : {}) };
        }),
      updateEndpoint: (req) =>
        record('notifications.updateEndpoint', req, () => {
          needProject();
          const before = findEndpoint(req.id);
          const { secret, ...fields } = req;
          const after: WebhookEndpointInfo = { ...before, ...fields, ...(req.url !== undefined ? { url: checkFakeWebhookUrl(req.url) } : {}), updatedAt: '2025-01-10T09:45:00.000Z' };
          if (secret !== undefined) state.webhookSecrets[req.id] = secret;
          state.webhookEndpoints = state.webhookEndpoints.map((e) => (e.id === req.id ? after : e));
          return structuredClone(after);
        }),
      removeEndpoint: (req) =>
        record('notifications.removeEndpoint', req, () => {
          findEndpoint(req.id);
          state.webhookEndpoints = state.webhookEndpoints.filter((e) => e.id !== req.id);
          state.webhookDeliveries = state.webhookDeliveries.filter((d) => d.endpointId !== req.id);
          delete state.webhookSecrets[req.id];
        }),
      listDeliveries: (req) =>
        record('notifications.listDeliveries', req, () =>
          structuredClone(
            state.webhookDeliveries
              .filter((d) => req.endpointId === undefined || d.endpointId === req.endpointId)
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              .slice(0, req.limit ?? 100),
          ),
        ),
      redeliver: (req) =>
        record('notifications.redeliver', req, () => {
          const original = state.webhookDeliveries.find((d) => d.id === req.deliveryId);
          if (!original) throw new StudioError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${req.deliveryId}.`, 'Refresh the delivery log.');
          // Queued as a new delivery; the fake's receiver takes it at once.
          const again: WebhookDeliveryInfo = {
            ...original,
            id: `d${nextId++}`,
            status: 'delivered',
            attempts: 1,
            nextAttemptAt: null,
            createdAt: new Date(Date.parse(latestDeliveryAt()) + 1000).toISOString(),
            completedAt: null,
            redeliveryOf: original.id,
            lastError: null,
            attemptLog: [{ attempt: 1, startedAt: '2025-01-10T10:00:00.000Z', durationMs: 12, outcome: 'delivered', httpStatus: 200, error: null }],
          };
          state.webhookDeliveries.push(again);
          return structuredClone(again);
        }),
      testSend: (req) =>
        record('notifications.testSend', req, () => {
          const endpoint = findEndpoint(req.endpointId);
          const attempt = { attempt: 1, startedAt: '2025-01-10T10:00:00.000Z', durationMs: 9, outcome: 'delivered' as const, httpStatus: 200, error: null };
          const delivery: WebhookDeliveryInfo = {
            id: `d${nextId++}`,
            endpointId: endpoint.id,
            event: 'test',
            subject: null,
            status: 'delivered',
            attempts: 1,
            nextAttemptAt: null,
            createdAt: new Date(Date.parse(latestDeliveryAt()) + 1000).toISOString(),
            completedAt: '2025-01-10T10:00:00.009Z',
            redeliveryOf: null,
            lastError: null,
            attemptLog: [attempt],
          };
          state.webhookDeliveries.push(delivery);
          return { ...attempt, deliveryId: delivery.id };
        }),
      smtpSettings: () => record('notifications.smtpSettings', undefined, () => (needProject(), smtpInfo())),
      setSmtpSettings: (req) =>
        record('notifications.setSmtpSettings', req, () => {
          needProject();
          const { password, ...rest } = req;
          state.smtp = { ...rest, allowSelfSigned: rest.allowSelfSigned ?? false };
          if (password !== undefined) state.smtpPassword = password;
          return smtpInfo();
        }),
      testSmtp: (req) =>
        record('notifications.testSmtp', req, () => {
          if (!state.smtp) throw new StudioError('SMTP_NOT_CONFIGURED', 'No SMTP server is set.', 'Enter the SMTP settings first.');
          return { messageId: '<test-1@studio>', accepted: req.to ? [req.to] : [...state.smtp.to], durationMs: 21 };
        }),
    },
    runReports: fakeRunReports(record, needProject, () => new Date().toISOString()),
    vault: {
      keyForJob: (req) => record('vault.keyForJob', req, () => notServed('vault.keyForJob')),
    },
    // Syncs as the engine keeps them: definitions with defaults, runs held by `syncHold`, approval per category.
    syncs: {
      define: (req) =>
        record('syncs.define', req, () => {
          const def = fakeSyncDefinition(req);
          state.syncs = [...state.syncs.filter((x) => x.name !== def.name), def];
          return def;
        }),
      update: (req) =>
        record('syncs.update', req, () => {
          const def = fakeSyncDefinition(req);
          state.syncs = state.syncs.map((x) => (x.name === def.name ? def : x));
          return def;
        }),
      list: (req) => record('syncs.list', req, () => state.syncs),
      get: (req) => record('syncs.get', req, () => state.syncs.find((x) => x.name === req.name) ?? notServed('syncs.get')),
      remove: (req) => record('syncs.remove', req, () => void (state.syncs = state.syncs.filter((x) => x.name !== req.name))),
      run: (req) =>
        record('syncs.run', req, () => {
          const held = state.syncHold;
          const info: SyncRunInfo = { runId: `sync-${state.syncRuns.length + 1}`, job: req.name, status: held ? 'Paused' : 'Completed', startedAt: '2025-01-10T10:00:00.000Z', endedAt: null, durationMs: null, changes: [{ entity: 'students', inserts: 1, updates: 0, deletes: held ? 42 : 0, conflicts: 0 }], held, warnings: [], decisions: [], counters: counters({ read: 100 }) };
          state.syncRuns = [info, ...state.syncRuns];
          state.syncs = state.syncs.map((x) => (x.name === req.name ? { ...x, lastStatus: info.status, lastRunId: info.runId } : x));
          return syncOutcomeOf(info);
        }),
      approve: (req) =>
        record('syncs.approve', req, () => {
          const r = state.syncRuns.find((x) => x.runId === req.runId);
          if (!r?.held) throw new StudioError('SYNC_NOT_HELD', `Sync run ${req.runId} is not held.`, 'Only a held run waits for approval.');
          const held = { ...r.held, categories: r.held.categories.map((c) => (req.category === undefined || c.category === req.category ? { ...c, approved: true } : c)) };
          const next: SyncRunInfo = { ...r, held, status: held.categories.every((c) => c.approved) ? 'Completed' : 'Paused' };
          state.syncRuns = state.syncRuns.map((x) => (x.runId === r.runId ? next : x));
          return syncOutcomeOf(next);
        }),
      runs: (req) => record('syncs.runs', req, () => state.syncRuns),
      changeSet: (req) => record('syncs.changeSet', req, () => ({ runId: req.runId, total: 0, changes: [] })),
      conflicts: (req) => record('syncs.conflicts', req, () => state.syncConflicts.filter((c) => (req.status ?? 'pending') === 'pending' ? c.status !== 'applied' : c.status === req.status)),
      resolve: (req) =>
        record('syncs.resolve', req, () => {
          const c = state.syncConflicts.find((x) => x.id === req.conflictId);
          if (!c) throw new StudioError('SYNC_CONFLICT_NOT_FOUND', `There is no conflict ${req.conflictId}.`, 'List the conflicts to find its id.');
          const next: SyncConflict = { ...c, status: 'decided', decision: { keep: req.keep, value: req.keep === 'source' ? c.source : req.keep === 'target' ? c.target : req.value, by: 'it@office-pc', at: '2026-05-04T10:00:00.000Z' } };
          state.syncConflicts = state.syncConflicts.map((x) => (x.id === c.id ? next : x));
          return next;
        }),
      writeBacks: (req) => record('syncs.writeBacks', req, () => []),
      events: (req) => record('syncs.events', req, () => fakeSyncEvents(state.syncs)),
      setEventSecret: (req) => record('syncs.setEventSecret', { name: req.name, secret: '[redacted]' }, () => undefined),
    },
    monitoring: {
      metrics: (req) =>
        record('monitoring.metrics', req, () => {
          needProject();
          return state.metrics(req);
        }),
      integrations: () =>
        record('monitoring.integrations', undefined, () => {
          needProject();
          return state.integrations;
        }),
      alerts: (req) =>
        record('monitoring.alerts', req, () => {
          needProject();
          return state.alerts.filter((a) => a.state !== 'resolved');
        }),
      alertHistory: (req) => record('monitoring.alertHistory', req, () => notServed('monitoring.alertHistory')),
      acknowledge: (req) =>
        record('monitoring.acknowledge', req, () => {
          const alert = findAlert(req.id);
          if (alert.state === 'firing') Object.assign(alert, { state: 'acknowledged', acknowledgedAt: '2026-05-04T10:00:00.000Z', acknowledgedBy: 'it@office-pc' });
          return { ...alert };
        }),
      resolve: (req) =>
        record('monitoring.resolve', req, () => {
          const alert = findAlert(req.id);
          Object.assign(alert, { state: 'resolved', resolvedAt: '2026-05-04T10:05:00.000Z', resolvedBy: 'it@office-pc' });
          return { ...alert };
        }),
      rules: () => record('monitoring.rules', undefined, () => notServed('monitoring.rules')),
      setRule: (req) => record('monitoring.setRule', req, () => notServed('monitoring.setRule')),
      refresh: () => record('monitoring.refresh', undefined, () => notServed('monitoring.refresh')),
    },
    system: {
      info: () =>
        record('system.info', undefined, () => ({
          version: '0.1.0',
          productName: 'Academia Pro Migration & Sync Studio',
          host: 'web' as const,
          node: '20.19.0',
          platform: 'linux',
        })),
    },
    migration: {
      status: () => record('migration.status', undefined, () => computeMigrationProgress(migrationFactsOf(state))),
      setPlan: (req) => record('migration.setPlan', req, () => computeMigrationProgress(migrationFactsOf(state))),
      setRecord: (req) =>
        record('migration.setRecord', req, () => {
          const before = state.migrationRecord ?? EMPTY_MIGRATION_RECORD;
          state.migrationRecord = { ...before, ...req, legacySystem: req.legacySystem === undefined ? before.legacySystem : req.legacySystem ? { name: req.legacySystem.name, version: req.legacySystem.version ?? null } : null };
          return computeMigrationProgress(migrationFactsOf(state));
        }),
      setMilestones: (req) =>
        record('migration.setMilestones', req, () => {
          const byName = new Map((state.milestones ?? []).map((m) => [m.name, m]));
          for (const m of req.milestones) byName.set(m.name, { ...byName.get(m.name), ...m });
          state.milestones = [...byName.values()];
          return computeMigrationProgress(migrationFactsOf(state));
        }),
      planDocument: (req) => record('migration.planDocument', req, () => notServed('migration.planDocument')),
      // A fresh runbook: nothing run yet (the engine's tests run its steps).
      cutover: () => record('migration.cutover', undefined, () => emptyCutover()),
      cutoverStep: (req) => record('migration.cutoverStep', req, () => notServed('migration.cutoverStep')),
      cutoverRollback: () => record('migration.cutoverRollback', undefined, () => notServed('migration.cutoverRollback')),
      rollover: (req) => record('migration.rollover', req, () => state.rollover ?? notServed('migration.rollover')),
      rolloverApprove: (req) =>
        record('migration.rolloverApprove', req, () => {
          const r = state.rollover ?? notServed('migration.rolloverApprove');
          const categories = (r.held?.categories ?? []).map((c) => (req.category === undefined || c.category === req.category ? { ...c, approved: true } : c));
          state.rollover = { ...r, held: r.held ? { ...r.held, categories } : null, status: categories.every((c) => c.approved) ? 'ready' : 'held' };
          return state.rollover;
        }),
      rolloverApply: () =>
        record('migration.rolloverApply', undefined, () => {
          const r = state.rollover ?? notServed('migration.rolloverApply');
          if (r.status !== 'ready') return r;
          state.rollover = { ...r, status: 'applied', applied: { at: '2026-05-04T10:00:00.000Z', by: 'it@office-pc', results: r.changes.map((c) => ({ entity: c.entity, created: c.inserts, updated: c.updates, unchanged: 0, rejected: 0 })) } };
          return state.rollover;
        }),
      rolloverHistory: () => record('migration.rolloverHistory', undefined, () => ({ rollovers: [] })),
      parallelSync: () => record('migration.parallelSync', undefined, () => notServed('migration.parallelSync')),
    },
    oneRoster: {
      export: (req) => record('oneRoster.export', req, () => state.oneRosterExport ?? notServed('oneRoster.export')),
      validate: (req) => record('oneRoster.validate', req, () => notServed('oneRoster.validate')),
    },
  };

  return {
    client: {
      api,
      on(event, listener) {
        const set = listeners.get(event) ?? new Set();
        set.add(listener as (payload: unknown) => void);
        listeners.set(event, set);
        return () => set.delete(listener as (payload: unknown) => void);
      },
    },
    emit,
    state,
    calls,
    failNext(method, error) {
      failures.set(method, error);
    },
    finishAssessment(assessmentId, result = demoAssessmentResult()) {
      const index = state.assessments.findIndex((a) => a.assessmentId === assessmentId);
      if (index < 0) throw new Error(`The fake has no assessment ${assessmentId}.`);
      const count = (severity: 'error' | 'warning' | 'info') => result.findings.filter((f) => f.severity === severity).length;
      const summary = completedSummary(assessmentId, {
        ...state.assessments[index],
        status: 'Completed',
        endedAt: result.assessedAt,
        score: result.readiness.score,
        complexity: result.readiness.complexity,
        findings: { error: count('error'), warning: count('warning'), info: count('info') },
      });
      state.assessments[index] = summary;
      state.assessmentResults[assessmentId] = result;
      emit('assessment.updated', summary);
      return summary;
    },
  };
}

/** The facts the engine would gather, from the fake's state (the progress itself is the shared function's). */
function migrationFactsOf(state: FakeState): MigrationFacts {
  const latest = new Map<string, AssessmentSummary>();
  for (const a of [...state.assessments].sort((x, y) => y.startedAt.localeCompare(x.startedAt))) if (!latest.has(a.connectionId)) latest.set(a.connectionId, a);
  return {
    connections: state.connections.length,
    connectionNames: state.connections.map((c) => ({ connectionId: c.id, connectionName: c.name })),
    assessments: [...latest.values()].map((a) => ({ connectionId: a.connectionId, connectionName: a.connectionName, status: a.status, score: a.score, errors: a.findings.error })),
    mappings: state.mappings.map((m) => ({ id: m.id, entity: m.entity, signedOff: false })),
    runs: state.runs.map((r) => ({ runId: r.runId, status: r.status, dryRun: r.dryRun, rehearsal: true, rejected: r.counters.rejected, read: r.counters.read, mismatches: r.reconciliation.reduce((n, l) => n + l.mismatches, 0), endedAt: r.endedAt })),
    readinessThreshold: 80,
    rejectLimit: 0,
    rollbackRehearsed: false,
    freezeWindow: null,
    ...(state.migrationRecord ? { record: state.migrationRecord } : {}),
    ...(state.milestones ? { plannedMilestones: state.milestones } : {}),
  };
}

/** The event-driven syncs as a studio running them shows them: receivers listening on their port (8741 for a free one), one event each. */
function fakeSyncEvents(syncs: SyncDefinition[]): SyncEventsOverview {
  const jobs = syncs
    .filter((d) => d.events)
    .map((d) => ({
      job: d.name,
      receiver: d.events!.webhook
        ? { state: 'listening' as const, ...d.events!.webhook, url: `http://${d.events!.webhook.host}:${d.events!.webhook.port || 8741}${d.events!.webhook.path}`, secretStatus: 'set' as const, error: null, refused: 1, lastRefusal: { at: '2025-01-10T09:59:00.000Z', message: 'A webhook delivery from 127.0.0.1 was refused (401): the signature does not match.' } }
        : null,
      feed: d.events!.feed ? { intervalSeconds: d.events!.feed.intervalSeconds, cursor: 'c-12', lastPollAt: '2025-01-10T10:00:00.000Z', ok: true, error: null } : null,
      lastEvent: { id: 'evt_12', type: 'record.updated', entity: d.entities[0]?.entity ?? 'students', source: 'webhook' as const, at: '2025-01-10T10:00:05.000Z' },
      eventsReceived: 12,
      waiting: false,
    }));
  return { running: true, jobs, refusals: [] };
}

function fakeSyncDefinition(input: SyncDefinitionInput): SyncDefinition {
  return {
    name: input.name,
    type: input.type,
    direction: input.direction ?? 'one-way',
    entities: input.entities.map((e) => ({ ...e, mode: e.mode ?? input.type, deletes: e.deletes ?? { policy: 'delete' } })),
    sourceTimeZone: input.sourceTimeZone ?? 'UTC',
    schedule: { cron: input.schedule?.cron ?? null, timezone: input.schedule?.timezone ?? 'UTC', blackouts: input.schedule?.blackouts ?? [], missedPolicy: input.schedule?.missedPolicy ?? 'skip' },
    gate: { default: { deletes: 0.05, updates: 0.2, inserts: null, ...input.gate?.default } },
    events: input.events
      ? {
          webhook: input.events.webhook ? { host: input.events.webhook.host ?? '127.0.0.1', port: input.events.webhook.port ?? 0, path: input.events.webhook.path ?? '/academia/events' } : null,
          feed: input.events.feed ? { intervalSeconds: input.events.feed.intervalSeconds ?? 60 } : null,
        }
      : null,
    lastStatus: null,
    lastRunId: null,
    recordsProcessed: 0,
    recordsFailed: 0,
    durationMs: null,
    lastSyncAt: null,
    nextSyncAt: null,
    createdAt: '2025-01-10T09:00:00.000Z',
    updatedAt: '2025-01-10T09:00:00.000Z',
  };
}

function syncOutcomeOf(r: SyncRunInfo): SyncOutcome {
  return { job: r.job, runId: r.runId, status: r.status, changes: r.changes, held: r.held, warnings: r.warnings, counters: r.counters };
}

/** A metric period with nothing measured in it. */
export function metricPoint(start: string, change: Partial<MetricPoint> = {}): MetricPoint {
  return { start, end: start, calls: 0, successRate: null, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null, throughputPerMinute: 0, records: 0, runs: 0, runsFailed: 0, checks: 0, uptime: null, coverage: 0, ...change };
}

/** Nothing measured: what a project without runs answers. */
export function emptyMetrics(period: MetricPeriod): MetricsAnswer {
  const start = '2026-05-04T09:00:00.000Z';
  return { period, from: start, to: '2026-05-04T10:00:00.000Z', integration: null, entity: null, points: [metricPoint(start)], total: metricPoint(start) };
}

/** A method the fake studio does not act out: no renderer test calls it yet. */
/** The engine's rule (notify/webhook-url.ts): http or https with a host, nothing else. */
function checkFakeWebhookUrl(raw: string): string {
  const value = raw.trim();
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) {
    throw new StudioError('WEBHOOK_URL_INVALID', `The webhook address "${value}" cannot be used: webhooks are sent over http or https only, to a host, with no user name or password in the address.`, "Enter the receiver's address starting with https:// (or http:// on a local network).", { where: { field: 'url' } });
  }
  return value;
}

function notServed(method: string): never {
  throw new StudioError('UNKNOWN_METHOD', `The fake studio does not serve ${method}.`, 'Teach test/renderer/support/fake-studio.ts the method before a renderer test uses it.');
}

function reconciliationDocument(run: RunInfo, mismatches: ReconciliationMismatch[]): ReconciliationDocument {
  return { runId: run.runId, status: run.status, reconciliation: run.reconciliation, mismatches, checkedAt: run.endedAt, mismatchesTotal: mismatches.length, dryRun: run.dryRun };
}
