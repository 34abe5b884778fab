import { StudioError } from '../../../shared/errors';
import { Monitor } from '../monitoring/monitor';
import type { EngineState } from './engine-state';
import { requireSession } from './engine-state';
import type { ProjectSession } from './project-session';

const monitors = new WeakMap<ProjectSession, Monitor>();

/**
 * The open project's monitoring, made the first time it is needed and closed with the project.
 * Its alerts reach the windows over the event bus and its escalation the hooks the engine was given.
 */
export function monitorOf(state: EngineState, session: ProjectSession = requireSession(state)): Monitor {
  let monitor = monitors.get(session);
  if (!monitor) {
    const m = new Monitor(session.project.db, {
      now: state.now,
      hooks: state.monitoring,
      emit: (event, alert) => state.bus.emit({ kind: 'event', event, payload: alert }),
      intervalMs: state.monitoring.intervalMs,
    });
    monitors.set(session, m);
    session.onClose(() => m.close());
    monitor = m;
  }
  return monitor;
}

/** Called when a project opens: a first refresh (with compaction) now, then one a minute. Never stops the open. */
export function startMonitoring(state: EngineState, session: ProjectSession): void {
  try {
    monitorOf(state, session).start();
  } catch (err) {
    console.warn(`Monitoring did not start: ${err instanceof StudioError || err instanceof Error ? err.message : String(err)}`);
  }
}
