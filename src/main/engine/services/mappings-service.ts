import type { MappingsService } from '../../../shared/api/services';
import { requireSession, type EngineState } from '../engine-state';

export function mappingsService(state: EngineState): MappingsService {
  return {
    async list() {
      return requireSession(state).mappings.list();
    },
    async get({ id }) {
      return requireSession(state).mappings.get(id);
    },
  };
}
