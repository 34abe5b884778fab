import type { EmbeddedTargetStarter } from '../../../academia-api/embedded-target';
import { StudioError } from '../../../shared/errors';
import type { EventBus } from './event-bus';
import type { TargetSession } from '../pipeline/target-session';
import type { ProjectSession } from './project-session';
import type { RecentProjects } from '../project/recent-projects';
import type { ScheduleClock } from '../sync/schedule/schedule-clock';
import type { SessionScheduler, SyncJobSource } from './sync-scheduling';
import type { KeyStore } from '../security/key-store';
import type { MonitoringHooks } from '../monitoring/alert-notifier';
import type { PathGrants } from '../security/path-grants';
import type { TargetClientTuning } from './target-patience';

/** The engine's mutable state, shared by its services. One project is open at a time. */
export interface EngineState {
  host: 'electron' | 'web' | 'cli';
  appName: string;
  configDir: string;
  bus: EventBus;
  recent: RecentProjects;
  /** The per-user data key of the vault, shared by every project this engine opens. */
  keys: KeyStore;
  /** What the API may read: files and folders a person picked in this engine session (docs/security.md). */
  grants: PathGrants;
  session: ProjectSession | null;
  target: { current?: Promise<TargetSession> };
  activeRun: { runId: string; controller: AbortController; done: Promise<unknown> } | null;
  activeAssessment: { assessmentId: string; controller: AbortController; done: Promise<unknown> } | null;
  now: () => Date;
  /** How this host starts the embedded sandbox (null: it cannot). */
  embeddedTarget: EmbeddedTargetStarter | null;
  /** The sync jobs the in-app scheduler runs (null: none yet); only the studio's hosts schedule, never the CLI. */
  syncJobs: SyncJobSource | null;
  /** The clock and timer of schedules and event debouncing (tests inject one). */
  scheduleClock?: ScheduleClock;
  /** The open project's scheduler, while one runs. */
  scheduling: SessionScheduler | null;
  /** Where alerts escalate to and who lists syncs and webhook endpoints (engine/monitoring/alert-notifier.ts). */
  monitoring: MonitoringHooks;
  /** The target clients' patience as a test tuned it (timeouts, waits, breaker; core/target-patience.ts). */
  targetTuning?: TargetClientTuning;
  /** The scheduled health checks' time limit per check (default 30 s); tests shorten it. */
  healthCheckTimeoutMs?: number;
}

export function requireSession(state: EngineState): ProjectSession {
  if (!state.session) throw new StudioError('NO_PROJECT_OPEN', 'No project is open.', 'Open a project or the demo project first (Projects screen, or `academia-studio open <file>`).');
  return state.session;
}
