import type { SettingsService } from '../../../shared/api/services';
import { requireSession, type EngineState } from '../core/engine-state';

export function settingsService(state: EngineState): SettingsService {
  return {
    async get() {
      return requireSession(state).project.settings();
    },
    async update(patch) {
      const project = requireSession(state).project;
      const next = { ...project.settings(), ...patch };
      project.setMeta('settings', JSON.stringify(next));
      return next;
    },
  };
}
