import type { EmbeddedTargetStarter } from '../../../academia-api/embedded-target';
import type { EventMessage } from '../../../shared/api/rpc';
import type { FileGrantInfo, StudioApi } from '../../../shared/api/services';
import { configDir, defaultConfigDir } from '../core/config-dir';
import type { EngineState } from '../core/engine-state';
import type { SyncJobSource } from '../core/sync-scheduling';
import type { TargetClientTuning } from '../core/target-patience';
import type { ScheduleClock } from '../sync/schedule/schedule-clock';
import { EventBus } from '../core/event-bus';
import { APP_NAMES } from '../project/app-names';
import { RecentProjects } from '../project/recent-projects';
import { KeyStore } from '../security/key-store';
import type { KeyWrapper } from '../security/key-slots';
import type { PassphraseRequest } from '../security/key-store';
import { PathGrants, type GrantOrigin } from '../security/path-grants';
import { assessmentService } from '../services/assessment-service';
import { auditService } from '../services/audit-service';
import { connectionsService } from '../services/connections-service';
import { filesService } from '../services/files-service';
import { mappingsService } from '../services/mappings-service';
import { migrationService, withMigrationSync } from '../services/migration-service';
import { deliverRunEvents, notificationsService, notifierFor, type NotifyOptions } from '../services/notifications-service';
import { alertChannels, webhookSummaries } from '../services/monitoring-wiring';
import { cutoverMethods } from '../services/migration-cutover';
import { rolloverMethods } from '../services/migration-rollover';
import { parallelSyncMethods } from '../services/migration-parallel-sync';
import { syncJobSource, syncSummaries, withScheduling } from '../services/sync-wiring';
import { syncEventMethods, withEvents } from '../services/sync-events-wiring';
import { monitoringHooks, type MonitoringHooks } from '../monitoring/alert-notifier';
import { monitoringService } from '../services/monitoring-service';
import { oneRosterService } from '../services/oneroster-service';
import { closeCurrent, projectsService } from '../services/projects-service';
import { runReportsService } from '../services/run-reports-service';
import { runsService, waitForActiveWork } from '../services/runs-service';
import { sandboxAdminService } from '../services/sandbox-admin-service';
import { settingsService } from '../services/settings-service';
import { OpenSources, sourcesService } from '../services/sources-service';
import { grantPath } from '../services/source-access';
import { syncsService } from '../services/syncs-service';
import { systemService } from '../services/system-service';
import { targetsService } from '../services/targets-service';
import { vaultService } from '../services/vault-service';

export interface EngineOptions {
  host: 'electron' | 'web' | 'cli';
  /** The per-user configuration folder; defaults to the OS's (or APSTUDIO_CONFIG_DIR). */
  configDir?: string;
  now?: () => Date;
  /** The desktop shell's OS-keychain wrapper for the vault key (Electron safeStorage). */
  keyWrapper?: KeyWrapper | null;
  /** Asks a person for the vault passphrase (an interactive CLI); unattended jobs use APSTUDIO_VAULT_PASSPHRASE. */
  passphrasePrompt?: (request: PassphraseRequest) => Promise<string | null>;
  /**
   * How to start the embedded sandbox. The engine never imports the sandbox: each host hands it
   * one (src/main/hosts/host-engine.ts). Without it, a project on the embedded target gets
   * EMBEDDED_TARGET_UNAVAILABLE.
   */
  embeddedTarget?: EmbeddedTargetStarter;
  /** The sync jobs the studio's own scheduler runs while a project is open (desktop and web hosts only). */
  syncJobs?: SyncJobSource;
  /** The clock and timer of sync schedules and event debouncing; tests inject one. */
  scheduleClock?: ScheduleClock;
  /** Outgoing webhooks and alert email: injected clock/timers, fetch and SMTP timeout (tests). */
  notify?: NotifyOptions;
  /**
   * Monitoring's outside world: the alert notifier (desktop, webhook, e-mail) and the providers
   * of sync and webhook summaries for the integrations view. Unset parts: no channel, no syncs.
   */
  monitoring?: Partial<MonitoringHooks>;
  /** The target clients' waits, timeouts and breaker (tests: an instant sleep, short timeouts); core/target-patience.ts. */
  targetClient?: TargetClientTuning;
  /** The scheduled health checks' time limit per check; default 30 s. */
  healthCheckTimeoutMs?: number;
}

/** The studio's engine: plain Node, never imports electron, served to every host alike. */
export interface Engine {
  api: StudioApi;
  onEvent(listener: (message: EventMessage) => void): () => void;
  /**
   * Host-only: a person picked this file or folder (the desktop app's native dialog, a path on the
   * command line). Never reachable through `api`, so a page cannot grant itself a file.
   */
  grant(path: string, origin: GrantOrigin): Promise<FileGrantInfo>;
  /** Resolves when no run or assessment is in progress. */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const dir = configDir(options.configDir);
  const state: EngineState = {
    host: options.host,
    appName: APP_NAMES[options.host],
    configDir: dir,
    bus: new EventBus(),
    recent: new RecentProjects(dir),
    keys: new KeyStore({ configDir: dir, wrapper: options.keyWrapper ?? null, prompt: options.passphrasePrompt }),
    // The CLI's engine is driven by the command line alone: what it is asked to read, the user typed.
    grants: new PathGrants({ studioFolders: studioFolders(dir), callerChooses: options.host === 'cli' }),
    session: null,
    target: {},
    activeRun: null,
    activeAssessment: null,
    now: options.now ?? (() => new Date()),
    embeddedTarget: options.embeddedTarget ?? null,
    syncJobs: options.syncJobs ?? null,
    scheduleClock: options.scheduleClock,
    scheduling: null,
    targetTuning: options.targetClient,
    healthCheckTimeoutMs: options.healthCheckTimeoutMs,
    // The real alert channels, syncs and webhook endpoints unless a host or test gives its own.
    monitoring: monitoringHooks({
      notifier: alertChannels(() => notifierFor(state, options.notify)),
      syncs: { syncs: () => syncSummaries(state.session) },
      webhooks: { webhooks: () => webhookSummaries(state) },
      ...options.monitoring,
    }),
  };
  // Sources read without a project file (CLI discover, preview, assess, suggest): closed with the engine.
  const openSources = new OpenSources();
  const api: StudioApi = {
    projects: projectsService(state),
    connections: withMigrationSync(state, connectionsService(state), ['add', 'remove']),
    mappings: withMigrationSync(state, mappingsService(state), ['create', 'update', 'delete', 'signOff', 'import', 'adoptFix', 'acceptSuggestions']),
    runs: runsService(state),
    settings: settingsService(state),
    targets: targetsService(state),
    sandboxAdmin: sandboxAdminService(state),
    assessment: assessmentService(state),
    audit: auditService(state),
    system: systemService(state),
    files: filesService(state),
    migration: { ...migrationService(state), ...cutoverMethods(state, () => api), ...parallelSyncMethods(state, () => api), ...rolloverMethods(state) },
    sources: sourcesService(state, openSources),
    vault: vaultService(state),
    syncs: withScheduling(state, withEvents(state, { ...syncsService(state), ...syncEventMethods(state) }), (kind, payload, subject) => void notifierFor(state, options.notify).deliverEvent(kind, payload, subject)),
    notifications: notificationsService(state, options.notify),
    runReports: runReportsService(state),
    monitoring: monitoringService(state),
    oneRoster: oneRosterService(state),
  };
  // The studio's own scheduler runs the syncs' jobs (desktop and web hosts; never the CLI).
  state.syncJobs ??= syncJobSource(state, () => api.syncs);
  // A run's end becomes a signed webhook (run.completed / run.failed), queued apart from the run.
  const stopRunEvents = deliverRunEvents(state, options.notify);
  return {
    api,
    grant: async (path, origin) => grantPath(state, path, origin),
    onEvent: (listener) => state.bus.on(listener),
    idle: () => waitForActiveWork(state),
    dispose: async () => {
      stopRunEvents();
      await openSources.closeAll();
      await closeCurrent(state);
    },
  };
}

/** The studio's own folders: this engine's configuration folder, APSTUDIO_CONFIG_DIR's and the OS's usual one. */
function studioFolders(dir: string): string[] {
  const folders = new Set([dir]);
  if (process.env.APSTUDIO_CONFIG_DIR) folders.add(process.env.APSTUDIO_CONFIG_DIR);
  try {
    folders.add(defaultConfigDir());
  } catch {
    // No home folder to speak of (a service account): the engine's own folder is enough.
  }
  return [...folders];
}
