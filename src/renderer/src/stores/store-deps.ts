import type { StudioApi } from '../../../shared/api/services';

/** What every feature store needs: the engine's API and a place to report failures. */
export interface StoreDeps {
  api: StudioApi;
  /** Shows the error to the user; `action` says what they were doing. */
  reportError(error: unknown, action?: string): void;
}

/** True when the error is the engine saying no project is open (expected before one is). */
export function isNoProjectError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'NO_PROJECT_OPEN';
}
