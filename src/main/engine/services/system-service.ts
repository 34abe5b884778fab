import type { SystemService } from '../../../shared/api/services';
import type { EngineState } from '../core/engine-state';
import { PRODUCT_NAME, STUDIO_VERSION } from '../../../platform/version';

export function systemService(state: EngineState): SystemService {
  return {
    async info() {
      return { version: STUDIO_VERSION, productName: PRODUCT_NAME, host: state.host, node: process.version, platform: process.platform };
    },
  };
}
