import type { FileGrantInfo } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { demoLegacyFileFor } from '../demo/demo-project';
import type { EngineState } from '../core/engine-state';
import type { GrantOrigin } from '../security/path-grants';

/**
 * The glue between the grant store and the open project: which files the project itself vouches
 * for, and the audit entries for grants and refusals. Entries name only the path and what happened,
 * never what a file holds.
 */

/** Files the open project reads although they sit in a protected place: the demo's legacy database. */
export function projectAllowances(state: EngineState): string[] {
  return state.session ? [demoLegacyFileFor(state.session.project.path)] : [];
}

/** Grants a person's choice (picker, dialog, command line) and records it in the open project's trail. */
export function grantPath(state: EngineState, path: string, origin: GrantOrigin): FileGrantInfo {
  const grant = guarded(state, path, () => state.grants.grant(path, origin, { allowed: projectAllowances(state) }));
  const how = origin === 'picked' ? 'picked in the file picker' : 'given on the command line';
  state.session?.audit.append({ action: 'source.grant', object: `path:${grant.path}`, summary: `The ${grant.kind} ${grant.path} may be read as a source (${how}).` });
  return { path: grant.path, kind: grant.kind };
}

/** Checks a new connection's path: granted, and not one of the studio's own files. */
export function requireGrantedPath(state: EngineState, path: string): string {
  return guarded(state, path, () => state.grants.requireReadable(path, { allowed: projectAllowances(state) }));
}

/** Runs a grant check and records a refusal in the open project's trail before passing it on. */
export function guarded<T>(state: EngineState, path: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof StudioError && (err.code === 'SOURCE_PROTECTED' || err.code === 'SOURCE_NOT_GRANTED')) {
      state.session?.audit.append({ action: 'source.refuse', object: `path:${path}`, summary: `Refused to read ${path} (${err.code}).` });
    }
    throw err;
  }
}
