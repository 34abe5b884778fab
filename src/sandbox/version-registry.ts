import { StudioError } from '../shared/errors';
import type { TargetApiStatus, TargetApiVersion, TargetContract, VersionChange } from '../academia-api/contract';

/** An API version as the sandbox serves it right now. */
export interface VersionState {
  version: TargetApiVersion;
  status: TargetApiStatus;
  documentVersion: string;
  basePath: string;
  /** Milliseconds since the epoch, or null while not deprecated. */
  deprecatedAt: number | null;
  sunsetAt: number | null;
  successorVersion: TargetApiVersion | null;
  changes: VersionChange[];
}

/** A deprecated version stays for this long unless a sunset is given. */
export const DEFAULT_SUNSET_DAYS = 180;

/**
 * The served API versions and their status (the seed's Development / Testing / Production /
 * Deprecated). Exactly one version is Production at a time when any is: promoting another one
 * deprecates it, and from then on its answers carry Deprecation (RFC 9745) and Sunset (RFC 8594)
 * headers with a Link to the successor.
 */
export class VersionRegistry {
  private readonly states = new Map<TargetApiVersion, VersionState>();

  constructor(
    contracts: Map<TargetApiVersion, TargetContract>,
    private readonly clock: () => number,
  ) {
    for (const [version, c] of contracts) {
      this.states.set(version, { version, status: c.status, documentVersion: c.documentVersion, basePath: `/api/${version}`, deprecatedAt: null, sunsetAt: null, successorVersion: null, changes: c.changes });
    }
  }

  list(): VersionState[] {
    return [...this.states.values()].map((s) => ({ ...s }));
  }

  get(version: string): VersionState | undefined {
    const s = this.states.get(version as TargetApiVersion);
    return s && { ...s };
  }

  /** The version that is Production now, or null. */
  production(): TargetApiVersion | null {
    return [...this.states.values()].find((s) => s.status === 'Production')?.version ?? null;
  }

  /**
   * Sets a version's status. Production demotes the former Production version to Deprecated
   * (sunset `sunsetAt`, default 180 days on); Deprecated records when and names the successor.
   */
  setStatus(version: TargetApiVersion, status: Exclude<TargetApiStatus, 'Retired'>, sunsetAt?: number): VersionState {
    const state = this.states.get(version);
    if (!state) throw new StudioError('USAGE', `The sandbox does not serve API version ${version}.`, `Serve it too (apiVersions / --api-versions), or pick one of: ${[...this.states.keys()].join(', ')}.`);
    const now = this.clock();
    if (status === 'Production') {
      for (const other of this.states.values()) {
        if (other.version !== version && other.status === 'Production') this.deprecate(other, now, sunsetAt, version);
      }
      Object.assign(state, { status, deprecatedAt: null, sunsetAt: null, successorVersion: null });
    } else if (status === 'Deprecated') {
      const successor = this.production();
      this.deprecate(state, now, sunsetAt, successor && successor !== version ? successor : null);
    } else {
      Object.assign(state, { status, deprecatedAt: null, sunsetAt: null, successorVersion: null });
    }
    return { ...state };
  }

  /** Deprecation, Sunset and Link headers for answers of a deprecated version (none otherwise). */
  headersFor(version: TargetApiVersion, baseUrl: string): Record<string, string> {
    const s = this.states.get(version);
    if (!s || s.status !== 'Deprecated' || s.deprecatedAt === null) return {};
    const headers: Record<string, string> = { Deprecation: `@${Math.floor(s.deprecatedAt / 1000)}` };
    if (s.sunsetAt !== null) headers.Sunset = new Date(s.sunsetAt).toUTCString();
    const links: string[] = [];
    if (s.successorVersion) links.push(`<${baseUrl}/api/${s.successorVersion}>; rel="successor-version"`, `<${baseUrl}/api/${s.successorVersion}/openapi.json>; rel="deprecation"; type="application/json"`);
    if (links.length) headers.Link = links.join(', ');
    return headers;
  }

  private deprecate(state: VersionState, now: number, sunsetAt: number | undefined, successor: TargetApiVersion | null): void {
    const deprecatedAt = state.status === 'Deprecated' && state.deprecatedAt !== null ? state.deprecatedAt : now;
    Object.assign(state, {
      status: 'Deprecated',
      deprecatedAt,
      sunsetAt: sunsetAt ?? state.sunsetAt ?? deprecatedAt + DEFAULT_SUNSET_DAYS * 86_400_000,
      successorVersion: successor ?? state.successorVersion,
    });
  }
}
