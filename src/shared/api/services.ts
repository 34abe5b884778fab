import type { Catalog, ConnectionInfo, ConnectionKind, ConnectionTestResult, Preview } from '../model/connection';
import type { AssessmentReportFile, AssessmentResult, AssessmentSummary, MatchDecision, SurvivorRule } from '../model/assessment';
import type { Crosswalk } from '../model/crosswalk';
import type { MigrationProgress } from '../model/migration-progress';
import type { ByExampleResult } from '../model/by-example';
import type { EntityMapping } from '../model/mapping';
import type { EntityMappingInput, MappingHistory, MappingOutputDescription, MappingPreview, MappingSignOffInfo, MappingValidation } from '../model/mapping-api';
import type { AcceptSuggestionsResult, SuggestionResult } from '../model/suggestion';
import type { ProjectInfo, RecentProject } from '../model/project';
import type { RunEvent, RunInfo, StartRunRequest } from '../model/run';
import type { Settings, TargetProfile } from '../model/settings';
import type { AuditFileMethods } from './audit-files-contract';
import type { RunsRejectsMethods } from './rejects-contract';
import type { SourcesService } from './sources-contract';
import type { VaultService } from './vault-contract';
import type { SandboxAdminOverview, SandboxApiVersion, SandboxApiClient, SandboxThrottleException, SandboxThrottleRule, TargetCheck, TargetProfileInput, TargetRequestStats } from '../model/target';

/** Open, create and inspect project files. Only one project is open per engine at a time. */
export interface ProjectsService {
  /** The open project, or null. */
  current(): Promise<ProjectInfo | null>;
  /** Create a new, empty project file (refuses to overwrite an existing file). */
  create(req: { path: string; name?: string }): Promise<ProjectInfo>;
  /** Open an existing project file for writing (takes the project lock). */
  open(req: { path: string }): Promise<ProjectInfo>;
  /**
   * Open the demo school project, creating it (source, mapping, target) if needed. `pupils`
   * sizes the generated school when the demo is created (default 2,000); an existing demo keeps its size.
   */
  openDemo(req: { path?: string; pupils?: number }): Promise<ProjectInfo>;
  close(): Promise<void>;
  recent(): Promise<RecentProject[]>;
  /**
   * Copy the open project to `path` for handing over (a consistent snapshot, even mid-run) with
   * every secret removed; the copy lists the connections whose secrets must be entered again.
   */
  export(req: { path: string }): Promise<ProjectExportResult>;
}

/** What `projects.export` wrote. */
export interface ProjectExportResult {
  path: string;
  bytes: number;
  /** Connections (and the target) whose secrets were left out and must be entered again. */
  needsSecrets: { kind: 'connection' | 'target'; id: string; name: string }[];
}

/** Source connections of the open project. */
/** How a file source is read, set on its connection (connectors/files/file-config.ts; CLI `--encoding`…). */
export interface FileReadOptions {
  encoding?: string;
  delimiter?: string;
  quote?: string;
  headerRow?: number;
  recordPath?: string;
}

export interface ConnectionsService {
  list(): Promise<ConnectionInfo[]>;
  /** Add a connection from a connection string or a path; a password in it goes to the vault. */
  /** `options`: how a file is read (CSV encoding, delimiter, quote, header row; an XML or JSON record path), kept in the connection's config. */
  add(req: { name: string; kind?: ConnectionKind; location: string; options?: FileReadOptions }): Promise<ConnectionInfo>;
  remove(req: { id: string }): Promise<void>;
  /** Enter or replace a connection's password; it goes to the vault and is never shown back. */
  setSecret(req: { id: string; secret: string }): Promise<ConnectionInfo>;
  test(req: { id: string }): Promise<ConnectionTestResult>;
  /** Discover streams and save the catalog in the project. */
  discover(req: { id: string }): Promise<Catalog>;
  /** The last saved catalog, without touching the source. */
  catalog(req: { id: string }): Promise<Catalog | null>;
  preview(req: { id: string; stream: string; limit?: number }): Promise<Preview>;
}

/** Mappings from source streams onto Academia Pro entities. */
export interface MappingsService {
  list(): Promise<EntityMapping[]>;
  get(req: { id: string }): Promise<EntityMapping>;
  /**
   * Adopt an assessment finding's suggested fix into the mapping that reads its table: a
   * transform or crosswalk is appended to the field fed by the finding's column, an exclusion
   * becomes a skip rule. Adopting the same fix twice changes nothing.
   */
  adoptFix(req: { assessmentId: string; code: string; table: string; column: string | null }): Promise<AdoptFixResult>;
  /** The project's named crosswalks (code tables a `crosswalk` transform names), by name. */
  crosswalks(): Promise<Crosswalk[]>;
  crosswalk(req: { name: string }): Promise<Crosswalk>;
  /** Create or replace a named crosswalk; every mapping that names it uses the new table from the next run on. */
  putCrosswalk(req: { name: string; table: Record<string, string>; description?: string }): Promise<Crosswalk>;
  /** Save a new mapping (its id is made from the entity and stream unless given; an id in use is refused). Audited, version 1. */
  create(req: { mapping: EntityMappingInput }): Promise<EntityMapping>;
  /** Replace a mapping's spec; a new version, which voids any sign-off. Audited. */
  update(req: { id: string; mapping: EntityMappingInput }): Promise<EntityMapping>;
  /** Remove a mapping; its history stays. Audited. */
  delete(req: { id: string }): Promise<void>;
  /** Every version (who changed what, when) and the latest sign-off, valid or voided. */
  history(req: { id: string }): Promise<MappingHistory>;
  /** Sign the current version off: the OS account, the display name from Settings, the time and the version's hash. Audited. */
  signOff(req: { id: string }): Promise<MappingSignOffInfo>;
  /** The plan's checks, each remark with its place, against the saved catalogs and the target's contract. Reads no data. */
  validate(req: { id: string } | { mapping: EntityMappingInput }): Promise<MappingValidation>;
  /**
   * Transform by example: the transform that turns each example's input into its output (at most
   * three examples), shown as steps and previewed on the other rows, each marked unsure where
   * another fitting transform would answer differently; "not sure" when none fits. Reads no data.
   */
  byExample(req: { examples: { input: string; output: string }[]; rows: string[] }): Promise<ByExampleResult>;
  /** Each target field's type and whether it is fed, without reading data. */
  describeOutput(req: { id: string } | { mapping: EntityMappingInput }): Promise<MappingOutputDescription>;
  /** The first rows (default 20) through the real stages, each with its fields and outcome; writes nothing. */
  preview(req: { id: string; limit?: number } | { mapping: EntityMappingInput; limit?: number }): Promise<MappingPreview>;
  /**
   * Save exported mappings (`mapping export`): a new id is created, a known one updated (a new
   * version, recorded as an import). All or nothing: one refused mapping saves none. `connectionId`
   * points every imported mapping (and its joins on the exporting project's connection) at a
   * connection of this project.
   */
  import(req: { mappings: EntityMappingInput[]; connectionId?: string }): Promise<{ imported: { id: string; entity: string; status: 'created' | 'updated' | 'unchanged' }[] }>;
  /**
   * Suggestions for one of the project's connections, against the API version of the project's
   * target: for each entity the likely stream(s), for each field ranked columns with a
   * confidence (0–1) and reasons. Reads a sample of each stream; saves nothing.
   */
  suggest(req: { connectionId: string }): Promise<SuggestionResult>;
  /**
   * Save the suggestions for one connection as mappings (`mapping <project> suggest --accept`):
   * each entity no mapping feeds yet, whose required fields all have a column at or above
   * `minConfidence` (default 0.5), with the transforms its target types need; the rest are listed
   * with the reason. Existing mappings are kept. A schools mapping accepted on the embedded
   * sandbox makes that school the target's school. Audited.
   */
  acceptSuggestions(req: { connectionId: string; minConfidence?: number }): Promise<AcceptSuggestionsResult>;
}

/** What adopting a finding's fix did to the mapping. */
export interface AdoptFixResult {
  mapping: EntityMapping;
  /** One sentence: what changed ("Added trim, titleCase to students.firstName"). */
  change: string;
  /** False when the mapping already had the fix. */
  changed: boolean;
}

/** Runs (the seed's bulk data operations): start, watch, cancel. */
export interface RunsService extends RunsRejectsMethods {
  /** Start a run in the background; progress arrives as `run.progress` events. */
  start(req: StartRunRequest): Promise<{ runId: string }>;
  list(req: { limit?: number }): Promise<RunInfo[]>;
  get(req: { runId: string }): Promise<RunInfo>;
  cancel(req: { runId: string }): Promise<void>;
  events(req: { runId: string; afterSeq?: number; limit?: number }): Promise<RunEvent[]>;
}

/** Preferences and the target profile. */
export interface SettingsService {
  get(): Promise<Settings>;
  update(req: Partial<Settings>): Promise<Settings>;
  target(): Promise<TargetProfile>;
}

/** The Academia Pro target: its profile, its secret (vault only), connection tests and their history. */
export interface TargetsService {
  get(): Promise<TargetProfile>;
  /** Save the profile. Changing the URL, auth method or client id forgets the stored secret. */
  save(req: TargetProfileInput): Promise<TargetProfile>;
  /** Enter or replace the client secret (OAuth2 / JWT) or API key; kept in the vault, never shown back. */
  setSecret(req: { secret: string }): Promise<TargetProfile>;
  forgetSecret(): Promise<TargetProfile>;
  /** Health, API info and limits, credentials; recorded in the health history. */
  test(): Promise<TargetCheck>;
  /** Newest first. */
  history(req: { limit?: number }): Promise<TargetCheck[]>;
  /** What a run's requests to the target looked like (status codes, retries, latency). */
  requestStats(req: { runId: string }): Promise<TargetRequestStats>;
}

/**
 * The sandbox's admin API (seed API_MANAGEMENT) when the target is the embedded sandbox or a
 * standalone `academia-studio sandbox` whose admin token is in the vault.
 */
export interface SandboxAdminService {
  overview(): Promise<SandboxAdminOverview>;
  /** For a standalone sandbox: its admin token (printed when it starts), kept in the vault. */
  setAdminToken(req: { token: string }): Promise<void>;
  /** Making a version Production deprecates the former one (its answers carry Deprecation / Sunset). */
  setVersionStatus(req: { version: string; status: 'Development' | 'Testing' | 'Production' | 'Deprecated'; sunsetAt?: string }): Promise<SandboxApiVersion>;
  revokeClient(req: { clientId: string }): Promise<SandboxApiClient>;
  updateThrottleRule(req: { id: string; perMinute: number; perHour: number; description?: string }): Promise<SandboxThrottleRule>;
  createThrottleException(req: { clientId: string; perMinute: number; perHour: number; startsAt: string; endsAt: string; reason?: string }): Promise<SandboxThrottleException>;
  deleteThrottleException(req: { id: string }): Promise<void>;
}

/** Assessment of a source's data: profile, findings, readiness, duplicates, report. */
export interface AssessmentService {
  /** Assess a connection in the background; progress arrives as `assessment.progress` events. */
  start(req: { connectionId: string }): Promise<{ assessmentId: string }>;
  list(): Promise<AssessmentSummary[]>;
  /** The full result (findings with masked examples, relationships, duplicates, profiles). */
  get(req: { assessmentId: string }): Promise<AssessmentResult & { assessmentId: string; decisions: MatchDecision[]; survivorRule: SurvivorRule }>;
  cancel(req: { assessmentId: string }): Promise<void>;
  /** Confirm or reject a duplicate pair; decisions become the person crosswalk runs use. */
  decide(req: { assessmentId: string; table: string; left: string; right: string; decision: 'same' | 'different' | null }): Promise<MatchDecision[]>;
  setSurvivorRule(req: { rule: SurvivorRule }): Promise<void>;
  /** The report for download, rendered from the saved result. */
  report(req: { assessmentId: string; format: 'html' | 'pdf' | 'csv' }): Promise<AssessmentReportFile>;
}

/** The project's tamper-evident audit trail (read-only: entries are written by the engine). */
export interface AuditService extends AuditFileMethods {
  list(req: { action?: string; object?: string; limit?: number; beforeSeq?: number }): Promise<AuditEntryInfo[]>;
  verify(): Promise<{ valid: boolean; entries: number; firstBadEntry: number | null; keyed: boolean }>;
}

/** One audit entry as shown: never a secret; personal data masked. */
export interface AuditEntryInfo {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object: string;
  summary: string;
  hash: string;
}

/**
 * The browser host's file picker: browse the studio machine's folders (names, kinds and sizes,
 * never a file's contents) and grant what a person picks. The API reads only files and folders a
 * person chose (docs/security.md); the desktop app uses its own file dialog instead, so there both
 * methods are refused.
 */
export interface FilesService {
  /** One folder's entries; without a path, the user's home folder. The studio's own files are marked `protected`. */
  browse(req: { path?: string }): Promise<FolderListing>;
  /** A person picked this file or folder: it (and what a folder holds) may be read as a source in this session. */
  grant(req: { path: string }): Promise<FileGrantInfo>;
}

/** What `files.browse` shows of a folder. */
export interface FolderListing {
  /** The folder's real path. */
  path: string;
  /** The folder above, or null at a root. */
  parent: string | null;
  home: string;
  /** Where browsing can start: `/`, or the drives on Windows. */
  roots: string[];
  /** Folders first, then by name. */
  entries: FolderEntry[];
  /** True when the folder holds more entries than were listed. */
  truncated: boolean;
}

export interface FolderEntry {
  name: string;
  path: string;
  kind: 'file' | 'folder' | 'other';
  /** Bytes, for files. */
  size: number | null;
  /** The studio's own file (key, project, sandbox data, configuration folder): never readable. */
  protected: boolean;
}

/** A granted location. */
export interface FileGrantInfo {
  path: string;
  kind: 'file' | 'folder';
}

/** Facts about the engine itself (version, host kind). */
export interface SystemService {
  info(): Promise<{ version: string; productName: string; host: 'electron' | 'web' | 'cli'; node: string; platform: string }>;
}

/** Where the migration stands and its plan (docs/conventions.md `migration status`). */
export interface MigrationService {
  /** The status, the current step, each stage's exit criteria and the go/no-go checklist, computed from the project. */
  status(): Promise<MigrationProgress>;
  /** Sets what go/no-go is measured against: the readiness threshold, the reject limit and the data-freeze window. Audited. */
  setPlan(req: { readinessThreshold?: number; rejectLimit?: number; freezeWindow?: { from: string; to: string } | null }): Promise<MigrationProgress>;
}

/** Every service the engine offers, by name. The renderer's client is derived from this. */
export interface StudioApi {
  projects: ProjectsService;
  connections: ConnectionsService;
  mappings: MappingsService;
  runs: RunsService;
  settings: SettingsService;
  targets: TargetsService;
  sandboxAdmin: SandboxAdminService;
  assessment: AssessmentService;
  audit: AuditService;
  system: SystemService;
  files: FilesService;
  migration: MigrationService;
  sources: SourcesService;
  vault: VaultService;
}

export type ServiceName = keyof StudioApi;
export type MethodName<S extends ServiceName> = keyof StudioApi[S] & string;
