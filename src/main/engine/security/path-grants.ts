import { statSync } from 'node:fs';
import { StudioError } from '../../../shared/errors';
import { defaultCaseInsensitive, isInside, protectedFileFilter, protectedReason, realPathOf, type ProtectedKind, type ProtectedPathOptions } from './protected-paths';

/** How a location became readable: a person picked it, or the command line named it. */
export type GrantOrigin = 'picked' | 'command-line';

export interface PathGrant {
  /** The real path that was granted. */
  path: string;
  kind: 'file' | 'folder';
  origin: GrantOrigin;
}

export interface PathGrantsOptions {
  /** The studio's own folders (configuration folder): never readable as a source. */
  studioFolders: readonly string[];
  /**
   * True for the CLI: its engine is driven by the command line only, so a path it is asked to
   * read is a path the user typed, and asking is granting. Protected files stay refused.
   */
  callerChooses?: boolean;
  caseInsensitive?: boolean;
}

/** What a file source is allowed to read, handed to the connector that lists files. */
export interface SourceFileGuard {
  /** True for a file a folder or zip source must leave out (a key file, a project file…). */
  excludes(path: string, onDisk: boolean): boolean;
}

/**
 * The engine's grant store (one per engine session): a file or folder is readable through the API
 * only when a person picked it (the desktop app's file dialog, the browser host's picker), when the
 * CLI was given it, or when it already is a connection of the open project. A granted folder
 * covers what lies inside it. Whatever was granted, the studio's own files are refused
 * ({@link protectedReason}); a folder source skips them.
 */
export class PathGrants {
  private readonly grants: PathGrant[] = [];
  private readonly caseInsensitive: boolean;

  constructor(private readonly options: PathGrantsOptions) {
    this.caseInsensitive = options.caseInsensitive ?? defaultCaseInsensitive();
  }

  /** Records a person's choice. Refuses a protected or missing path. */
  grant(path: string, origin: GrantOrigin, context: { allowed?: readonly string[] } = {}): PathGrant {
    const real = this.refuseProtected(path, context.allowed);
    let kind: PathGrant['kind'];
    try {
      kind = statSync(real).isDirectory() ? 'folder' : 'file';
    } catch (err) {
      throw new StudioError('SOURCE_NOT_FOUND', `There is no file or folder at ${path}.`, 'Check the path, or pick the file again in the studio\'s file picker.', { where: { file: path }, cause: err });
    }
    const existing = this.grants.find((g) => this.same(g.path, real));
    if (existing) return existing;
    const grant: PathGrant = { path: real, kind, origin };
    this.grants.push(grant);
    return grant;
  }

  /** Whether `path` (or a folder holding it) was granted in this session. */
  isGranted(path: string): boolean {
    if (this.options.callerChooses) return true;
    const real = realPathOf(path);
    return this.grants.some((g) => (g.kind === 'folder' ? isInside(real, g.path, this.caseInsensitive) : this.same(g.path, real)));
  }

  /**
   * For a new connection: the path must not be protected, and must have been granted (or the
   * caller is the command line). Returns the real path.
   */
  requireReadable(path: string, context: { allowed?: readonly string[] } = {}): string {
    const real = this.refuseProtected(path, context.allowed);
    if (!this.isGranted(path) && !(context.allowed ?? []).some((a) => this.same(realPathOf(a), real))) {
      throw new StudioError(
        'SOURCE_NOT_GRANTED',
        `The studio may not read ${path}: nobody picked it in this session.`,
        'Pick the file in the studio\'s file picker (the "Browse…" button of the connection form); the studio reads only files and folders a person chose.',
        { where: { file: path } },
      );
    }
    return real;
  }

  /** For a saved connection (granted by being one): refuses only what is never readable. */
  refuseProtected(path: string, allowed?: readonly string[]): string {
    const reason = protectedReason(path, this.protectedOptions(allowed));
    if (reason) throw protectedError(path, reason);
    return realPathOf(path);
  }

  /** What a folder or zip source must leave out. */
  fileGuard(allowed?: readonly string[]): SourceFileGuard {
    const filter = protectedFileFilter(this.protectedOptions(allowed));
    return { excludes: filter };
  }

  /** The reason a path is protected, or null (for the picker, which marks such entries). */
  reasonFor(path: string, allowed?: readonly string[]): ProtectedKind | null {
    return protectedReason(path, this.protectedOptions(allowed));
  }

  list(): readonly PathGrant[] {
    return this.grants;
  }

  private protectedOptions(allowed?: readonly string[]): ProtectedPathOptions {
    return { studioFolders: this.options.studioFolders, allowed, caseInsensitive: this.caseInsensitive };
  }

  private same(a: string, b: string): boolean {
    return this.caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
  }
}

const WHAT: Record<ProtectedKind, string> = {
  'vault-key': "is the studio's own key file",
  'config-folder': "lies in the studio's own configuration folder",
  'project-file': 'is a studio project file (or one of its SQLite sidecar files)',
  'sandbox-data': "is the embedded sandbox's data file",
};

const HINT: Record<ProtectedKind, string> = {
  'vault-key': "This is the studio's own key file; it is never readable as a source. Connect the school's data files instead.",
  'config-folder': 'The configuration folder holds the studio\'s keys and checkpoints; it is never readable as a source. Connect the school\'s data files instead.',
  'project-file': 'A project file holds the studio\'s own records and sealed secrets; it is never readable as a source. Connect the school\'s data files instead.',
  'sandbox-data': "The sandbox's data is the studio's own; it is never readable as a source. Look at it on the sandbox admin page instead.",
};

/** The typed refusal for a protected path, naming what it is. */
export function protectedError(path: string, reason: ProtectedKind): StudioError {
  return new StudioError('SOURCE_PROTECTED', `The studio never reads ${path}: it ${WHAT[reason]}.`, HINT[reason], { where: { file: path }, details: { protected: reason } });
}
