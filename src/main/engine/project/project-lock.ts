import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { StudioError } from '../../../shared/errors';
import { OWNER_FILE_MODE, restrictToOwner } from '../../../platform/owner-only';

/** Who holds a project open for writing; written into `<project>.lock` beside the file. */
export interface LockOwner {
  pid: number;
  host: string;
  user: string;
  app: string;
  since: string;
}

export interface ProjectLock {
  owner: LockOwner;
  /** True when a lock left by a dead process was taken over. */
  tookOverStale: boolean;
  release(): void;
}

export function lockPathFor(projectPath: string): string {
  return `${projectPath}.lock`;
}

/**
 * Takes the project's write lock. A lock file is used rather than SQLite's own locks because
 * the studio must name who holds the project ("in use by …") and recognise a lock left behind
 * by a process that died, which SQLite's locks cannot tell.
 */
export function acquireProjectLock(projectPath: string, app: string, isAlive: (pid: number) => boolean = processIsAlive): ProjectLock {
  const lockPath = lockPathFor(projectPath);
  const owner: LockOwner = { pid: process.pid, host: hostname(), user: safeUser(), app, since: new Date().toISOString() };
  let tookOverStale = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Owner-only like the project itself: it names the account and computer using it.
      const fd = openSync(lockPath, 'wx', OWNER_FILE_MODE);
      try {
        writeSync(fd, JSON.stringify(owner));
      } catch (err) {
        // A full disk: leave no empty lock behind to puzzle the next studio.
        closeSync(fd);
        unlinkSync(lockPath);
        throw err;
      }
      closeSync(fd);
      restrictToOwner(lockPath);
      return { owner, tookOverStale, release: () => releaseIfOurs(lockPath, owner) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StudioError('PROJECT_READ_ONLY', `The studio cannot write next to the project file (${lockPath}).`, 'Check that the folder is writable, or copy the project to a folder you can write to.', { cause: err });
      }
      const holder = readLockOwner(lockPath);
      if (holder && holder.host === owner.host && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw inUseError(projectPath, holder);
      }
      if (holder && holder.host !== owner.host) {
        throw inUseError(projectPath, holder);
      }
      // Our own stale lock, a dead process's lock, or an unreadable half-written lock: take over.
      tookOverStale = true;
      try {
        unlinkSync(lockPath);
      } catch {
        /* another process may have removed it first; retry */
      }
    }
  }
  throw new StudioError('PROJECT_IN_USE', `The project ${projectPath} is being opened by another studio at the same moment.`, 'Wait a few seconds and try again.');
}

function inUseError(projectPath: string, holder: LockOwner): StudioError {
  return new StudioError(
    'PROJECT_IN_USE',
    `The project ${projectPath} is in use by ${holder.app} (process ${holder.pid}, user ${holder.user} on ${holder.host}) since ${holder.since}.`,
    'Close the project in the other studio first. If that studio is gone for good (another computer crashed), delete the .lock file beside the project.',
    { details: { holder } },
  );
}

export function readLockOwner(lockPath: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as LockOwner;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

function releaseIfOurs(lockPath: string, owner: LockOwner): void {
  const holder = readLockOwner(lockPath);
  if (holder && holder.pid === owner.pid && holder.host === owner.host && holder.since === owner.since) {
    try {
      unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  }
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
