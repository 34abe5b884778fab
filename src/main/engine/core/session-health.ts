import { StudioError, toErrorShape } from '../../../shared/errors';
import type { ConnectionTestResult } from '../../../shared/model/connection';
import type { Settings } from '../../../shared/model/settings';
import type { TargetCheck } from '../../../shared/model/target';
import { checkTarget } from '../academia/check-target';
import { DEFAULT_HEALTH_CHECK_MINUTES, HealthSchedule, type HealthProbe } from '../monitoring/health-schedule';
import { SCHEDULING_HOSTS } from '../project/app-names';
import { TargetChecksRepo, type CheckPlace } from '../project/target-checks-repo';
import { systemClock } from '../sync/schedule/schedule-clock';
import type { EngineState } from './engine-state';
import type { ProjectSession } from './project-session';
import { monitorOf } from './session-monitor';
import { openTargetClient } from './target-resolver';
import { patienceOf } from './target-patience';

const schedules = new WeakMap<ProjectSession, HealthSchedule>();

/** Minutes between health checks as the settings say: absent means the default, 0 means off. */
export function healthCheckMinutes(settings: Settings): number {
  return settings.healthCheckMinutes ?? DEFAULT_HEALTH_CHECK_MINUTES;
}

/**
 * Starts the scheduled health checks of a project just opened in the studio (desktop, web host;
 * never the CLI, whose commands are one-off): every N minutes (settings) the target and each
 * source connection are checked, each check kept as a metric sample and in the integration's own
 * history, and the monitoring's alert rules evaluated at once. Stopped when the project closes.
 */
export function startHealthChecks(state: EngineState, session: ProjectSession): void {
  if (!SCHEDULING_HOSTS.includes(state.host)) return;
  const schedule = new HealthSchedule({
    clock: state.scheduleClock ?? systemClock,
    probes: () => healthProbes(state, session),
    intervalMinutes: () => healthCheckMinutes(session.project.settings()),
    timeoutMs: state.healthCheckTimeoutMs,
    afterRound: () => monitorOf(state, session).refresh(),
  });
  schedules.set(session, schedule);
  session.onClose(() => schedule.stop());
  schedule.start();
}

/** The open project's health checks, when the studio runs them (null in the CLI). */
export function healthScheduleOf(session: ProjectSession | null): HealthSchedule | null {
  return session ? (schedules.get(session) ?? null) : null;
}

/** Stops a project's health checks before anything it checks (the embedded sandbox) is closed. */
export async function stopHealthChecks(session: ProjectSession): Promise<void> {
  await schedules.get(session)?.stop();
}

/** The target, then every saved source connection. */
async function healthProbes(state: EngineState, session: ProjectSession): Promise<HealthProbe[]> {
  const connections = await session.connections.list(() => 'missing');
  return [targetProbe(state, session), ...connections.map((c) => sourceProbe(state, session, c.id))];
}

interface TargetOutcome {
  check: Omit<TargetCheck, 'id'>;
  place: CheckPlace;
}

/**
 * The target's check: health, API information and an authenticated call (a token for OAuth2),
 * with a client as impatient as a person's connection test, kept in the health history with the
 * trigger `schedule` (which the monitoring copies as a check sample).
 */
function targetProbe(state: EngineState, session: ProjectSession): HealthProbe<TargetOutcome> {
  const profile = () => session.project.target();
  const place = (): CheckPlace => ({ runId: null, baseUrl: profile().baseUrl, apiVersion: profile().apiVersion });
  const failed = (error: unknown): TargetOutcome => ({
    check: { at: state.now().toISOString(), ok: false, trigger: 'schedule', health: null, info: null, auth: null, deprecation: null, error: toErrorShape(error) },
    place: place(),
  });
  return {
    id: 'target',
    async check(signal) {
      try {
        const { client, endpoint } = await openTargetClient(session, { ...patienceOf('check', state.targetTuning), signal, tolerateMissingSecret: true });
        const check = await checkTarget(client, { trigger: 'schedule', credentials: endpoint.credentials, now: state.now });
        return { check, place: { runId: null, baseUrl: endpoint.client.baseUrl, apiVersion: endpoint.profile.apiVersion } };
      } catch (err) {
        // An incomplete profile, or a sandbox that would not start: still a failed check.
        return failed(err);
      }
    },
    record({ check, place }) {
      const kept = new TargetChecksRepo(session.project).record(check, place);
      state.bus.emit({ kind: 'event', event: 'target.checked', payload: kept });
    },
    timedOut(ms) {
      const where = profile().kind === 'embedded-sandbox' ? 'the embedded sandbox' : (profile().baseUrl ?? 'its address');
      const error = new StudioError('TARGET_TIMEOUT', `Academia Pro at ${where} did not answer its scheduled health check within ${Math.round(ms / 1000)} s.`, 'Check that the service is up and reachable from this computer; the next check comes by itself, or test the connection on the Target screen.');
      this.record(failed(error));
    },
  };
}

/** A source's check: the connector's own cheap connect (a ping, a file opened), kept as its last test and a check sample. */
function sourceProbe(state: EngineState, session: ProjectSession, connectionId: string): HealthProbe<ConnectionTestResult> {
  const keep = async (result: ConnectionTestResult) => {
    // The engine's clock, as every other sample; the connector's own `at` is its wall clock.
    const kept: ConnectionTestResult = { ...result, at: state.now().toISOString(), trigger: 'schedule' };
    await session.connections.saveTest(connectionId, kept);
    monitorOf(state, session).recordSourceCheck(connectionId, kept);
  };
  return {
    id: `source:${connectionId}`,
    async check() {
      let connector: Awaited<ReturnType<ProjectSession['openSource']>> | null = null;
      try {
        connector = await session.openSource(connectionId);
        return await connector.check();
      } catch (err) {
        const e = toErrorShape(err);
        return { ok: false, at: state.now().toISOString(), message: `${e.message} ${e.hint}`.trim() };
      } finally {
        await connector?.close().catch(() => undefined);
      }
    },
    record: keep,
    timedOut(ms) {
      return keep({ ok: false, at: state.now().toISOString(), message: `The source did not answer its scheduled health check within ${Math.round(ms / 1000)} s.` });
    },
  };
}
