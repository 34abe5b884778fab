import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The folder (inside the per-user configuration folder) that holds one checkpoint per project. */
export const AUDIT_CHECKPOINT_DIR = 'audit-checkpoints';
export const AUDIT_CHECKPOINT_FORMAT = 'academia-studio-audit-checkpoint';

/**
 * The newest audit entry this user's studio saw committed in one project, kept outside the project
 * file. Someone who can rewrite the project file but not this user's configuration folder cannot
 * move it back: a trail with fewer entries, or whose entry `seq` no longer has this `hash`, was cut
 * or rewritten (or it is an older copy of the project).
 */
export interface AuditCheckpoint {
  format: typeof AUDIT_CHECKPOINT_FORMAT;
  version: 1;
  projectId: string;
  /** Number of entries (= the `seq` of the last one). */
  entries: number;
  /** The `hash` of entry `entries`. */
  hash: string;
  /** That entry's MAC and the id of the audit key it is under (null for an unkeyed entry). */
  mac: string | null;
  macKey: string | null;
  updatedAt: string;
}

/** A project id the studio generated: hex (or a UUID). Anything else is never used in a path. */
const PROJECT_ID_PATTERN = /^[0-9a-f][0-9a-f-]{7,63}$/;

export function isProjectId(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_ID_PATTERN.test(value);
}

/**
 * `<configDir>/audit-checkpoints/<projectId>.json`, owner-only (0600, folder 0700). Each write is
 * one small file written aside and renamed into place, so a reader sees the old or the new
 * checkpoint, never half of one. No fsync: a checkpoint lost to a power cut is merely older, which
 * is never mistaken for tampering (only a checkpoint AHEAD of the file is).
 */
export class AuditCheckpoints {
  readonly dir: string;

  constructor(configDir: string) {
    this.dir = join(configDir, AUDIT_CHECKPOINT_DIR);
  }

  fileOf(projectId: string): string {
    if (!isProjectId(projectId)) throw new Error(`not a project id: ${JSON.stringify(projectId)}`);
    return join(this.dir, `${projectId}.json`);
  }

  /** The checkpoint of a project, or null when there is none (or it cannot be read as one). */
  read(projectId: string | null): AuditCheckpoint | null {
    if (!isProjectId(projectId)) return null;
    let parsed: Partial<AuditCheckpoint>;
    try {
      parsed = JSON.parse(readFileSync(this.fileOf(projectId), 'utf8')) as Partial<AuditCheckpoint>;
    } catch {
      return null;
    }
    if (parsed?.format !== AUDIT_CHECKPOINT_FORMAT || parsed.projectId !== projectId || !Number.isInteger(parsed.entries) || (parsed.entries as number) < 1 || typeof parsed.hash !== 'string') return null;
    return parsed as AuditCheckpoint;
  }

  write(checkpoint: Omit<AuditCheckpoint, 'format' | 'version'>): void {
    const file = this.fileOf(checkpoint.projectId);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ format: AUDIT_CHECKPOINT_FORMAT, version: 1, ...checkpoint }, null, 2)}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      // The umask may only narrow the mode, but a default ACL of the folder could widen it.
      if (process.platform !== 'win32') chmodSync(tmp, 0o600);
      renameSync(tmp, file);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing left behind
      }
      throw err;
    }
  }
}
