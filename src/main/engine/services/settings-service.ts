import type { SettingsService } from '../../../shared/api/services';
import { requireSession, type EngineState } from '../core/engine-state';
import { profileOf } from './targets-service';

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
    /** Kept for older windows and scripts: the same profile as `targets.get`. */
    async target() {
      return profileOf(requireSession(state));
    },
  };
}
