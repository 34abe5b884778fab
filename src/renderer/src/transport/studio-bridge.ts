import type { StudioBridge } from '../../../shared/api/bridge';

export type { EngineStatus, StudioBridge } from '../../../shared/api/bridge';

/**
 * The bridge when the page runs inside the desktop app, otherwise undefined. Checked by shape
 * rather than trusted, so a stray global cannot send the renderer down the wrong path.
 */
export function findStudioBridge(win: object): StudioBridge | undefined {
  const candidate = (win as { studioBridge?: unknown }).studioBridge;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Partial<StudioBridge>;
  return typeof bridge.send === 'function' && typeof bridge.onMessage === 'function' ? (bridge as StudioBridge) : undefined;
}
