import { syncMigrationStatus } from './migration-service';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ProjectsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { ProjectInfo } from '../../../shared/model/project';
import { demoMappingInputs, setupDemoProject } from '../demo/demo-project';
import { mappingsService } from './mappings-service';
import { requireSession, type EngineState } from '../core/engine-state';
import { ProjectSession } from '../core/project-session';
import { startSessionScheduler } from '../core/sync-scheduling';
import { SCHEDULING_HOSTS } from '../project/app-names';
import { startMonitoring } from '../core/session-monitor';
import { startHealthChecks, stopHealthChecks } from '../core/session-health';
import { startReportScheduling } from './report-scheduling';
import { createProjectFile, defaultProjectName, normalizeProjectPath, openProjectFile } from '../project/project-file';
import { processIsAlive } from '../project/project-lock';
import { Project } from '../project/project';
import { STUDIO_VERSION } from '../../../platform/version';
import { exportProject } from './project-export';
import { personRequests } from './person-requests';
import { applyRetention } from './retention';
import { writeSupportBundle } from './support-bundle';

export function projectsService(state: EngineState): ProjectsService {
  const activate = async (project: Project): Promise<ProjectInfo> => {
    let session: ProjectSession;
    try {
      await closeCurrent(state);
      session = new ProjectSession(project, state.keys, state.now, state.grants, state.embeddedTarget);
      await session.unlockAudit();
      const here = hostname();
      session.runs.markInterrupted(state.now(), (pid, host) => host === here && pid !== process.pid && processIsAlive(pid));
      session.assessments.markInterrupted(state.now());
      // The retention policy is kept on every open, not only when someone remembers to purge. A
      // purge that fails is rolled back whole and must not keep the project shut: it is said and retried next time.
      try {
        applyRetention(session, state.now());
      } catch (err) {
        console.warn(`The retention purge did not run: ${(err as Error).message}`);
      }
    } catch (err) {
      // Opening failed after the file was opened: let go of it, so no stale .lock stays behind.
      try {
        project.close();
      } catch {
        // The lock is released even when closing fails; the first error is the one to report.
      }
      throw err;
    }
    state.session = session;
    await startScheduling(state, session);
    startMonitoring(state, session);
    startHealthChecks(state, session);
    await startReportScheduling(state, session);
    // A project from before the status was computed may hold a status its data does not bear out.
    await syncMigrationStatus(state, session).catch(() => undefined);
    const info = project.info();
    state.recent.remember(info.path, info.name, state.now());
    state.bus.emit({ kind: 'event', event: 'project.changed', payload: info });
    return info;
  };

  return {
    async current() {
      return state.session?.project.info() ?? null;
    },
    async create({ path, name }) {
      const full = normalizeProjectPath(path);
      const file = createProjectFile(full, state.appName, {
        name: name ?? defaultProjectName(full),
        createdAt: state.now().toISOString(),
        createdBy: `${safeUser()}@${hostname()}`,
        appVersion: STUDIO_VERSION,
        migrationStatus: 'Planning',
        isDemo: 'false',
      });
      const info = await activate(new Project(file));
      state.session?.audit.append({ action: 'project.create', object: 'project', summary: `Created project "${info.name}".` });
      return info;
    },
    async open({ path }) {
      if (state.session && state.session.project.path === normalizeProjectPath(path)) return state.session.project.info();
      return activate(new Project(openProjectFile(path, state.appName)));
    },
    async openDemo({ path, pupils }) {
      const target = normalizeProjectPath(path ?? join(state.configDir, 'demo', 'demo.apstudio'));
      if (state.session && state.session.project.path === target) return state.session.project.info();
      const project = await setupDemoProject(target, { app: state.appName, now: state.now(), pupils, mappings: false });
      const info = await activate(project);
      return (await createDemoMappings(state)) ? requireSession(state).project.info() : info;
    },
    async close() {
      await closeCurrent(state);
      state.bus.emit({ kind: 'event', event: 'project.changed', payload: null });
    },
    async recent() {
      return state.recent.list();
    },
    async export({ path }) {
      return exportProject(requireSession(state), path, { now: state.now });
    },
    async supportBundle({ out, overwrite }) {
      return writeSupportBundle(requireSession(state), out, { overwrite, now: state.now() });
    },
    async purge() {
      const session = requireSession(state);
      if (state.activeRun) {
        throw new StudioError('RUN_ALREADY_ACTIVE', 'A run is in progress; the retention purge waits until it ends.', 'Purge again when the run has finished (it also runs when the project is next opened).');
      }
      return applyRetention(session, state.now());
    },
    ...personRequests(state),
  };
}

/**
 * The demo is not special: its mappings are created through `mappings.create`, the way a user's
 * are (checked, versioned, audited). Only those still missing, so opening it again changes
 * nothing, and a setup stopped half way is finished at the next open. Returns how many it made.
 */
async function createDemoMappings(state: EngineState): Promise<number> {
  const s = requireSession(state);
  if (!s.project.info().isDemo) return 0;
  const [connection] = await s.connections.list(() => 'missing');
  if (!connection) return 0;
  const api = mappingsService(state);
  let created = 0;
  for (const mapping of demoMappingInputs(connection.id)) {
    if (s.mappings.find(mapping.id)) continue;
    await api.create({ mapping });
    created++;
  }
  if (created) await syncMigrationStatus(state, s).catch(() => undefined);
  return created;
}

/**
 * The studio (desktop, web host) runs the open project's sync schedules itself; the CLI never
 * does (docs/sync-scheduling.md). A scheduler that cannot start is said and leaves the project open.
 */
async function startScheduling(state: EngineState, session: ProjectSession): Promise<void> {
  state.scheduling = null;
  if (!state.syncJobs || !SCHEDULING_HOSTS.includes(state.host)) return;
  try {
    state.scheduling = await startSessionScheduler(session, state.syncJobs, state.scheduleClock);
  } catch (err) {
    console.warn(`The sync schedules of ${session.project.path} are not running: ${(err as Error).message}`);
  }
}

export async function closeCurrent(state: EngineState): Promise<void> {
  for (const active of [state.activeRun, state.activeAssessment]) {
    if (!active) continue;
    active.controller.abort();
    await active.done.catch(() => undefined);
  }
  const session = state.session;
  state.session = null;
  state.scheduling = null;
  state.target = {};
  if (session) {
    // Health checks stop first: a check must not see the embedded sandbox stop and call it down.
    await stopHealthChecks(session);
    await session.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
