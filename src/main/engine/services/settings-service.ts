import type { SettingsService } from '../../../shared/api/services';
import { requireSession, type EngineState } from '../core/engine-state';
import { healthScheduleOf } from '../core/session-health';

export function settingsService(state: EngineState): SettingsService {
  return {
    async get() {
      return requireSession(state).project.settings();
    },
    async update(patch) {
      const project = requireSession(state).project;
      const next = { ...project.settings(), ...patch };
      const before = project.settings().retentionDays ?? null;
      project.setMeta('settings', JSON.stringify(next));
      const after = next.retentionDays ?? null;
      if (before !== after) {
        requireSession(state).audit.append({ action: 'settings.retention', object: 'settings', summary: after === null ? 'Retention policy removed: staged rows and rejects are kept.' : `Retention policy set: staged rows and rejects of runs ended more than ${after} days ago are purged.` });
      }
      // A new health check interval takes effect now (the next check is one interval away, or none).
      if (patch.healthCheckMinutes !== undefined) healthScheduleOf(state.session)?.reschedule();
      return next;
    },
  };
}
