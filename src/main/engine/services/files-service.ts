import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FilesService, FolderEntry } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { EngineState } from '../core/engine-state';
import { realPathOf } from '../security/protected-paths';
import { grantPath, projectAllowances } from './source-access';

/** A folder with more entries than this is listed in part (the picker says so). */
export const MAX_LISTED_ENTRIES = 2000;

/**
 * The browser host's picker on the engine side: it lists a folder of the studio machine (names,
 * kinds, sizes; never contents) and records what the person picks. The desktop app picks with
 * its native dialog in the main process, which grants through a host-only call, so a page in the
 * desktop window cannot grant itself anything.
 */
export function filesService(state: EngineState, options: { platform?: NodeJS.Platform } = {}): FilesService {
  const platform = options.platform ?? process.platform;
  const refusedInDesktopApp = () => {
    if (state.host === 'electron') {
      throw new StudioError('SOURCE_NOT_GRANTED', 'The desktop app picks files with its own file dialog.', 'Use the "Browse…" button of the connection form; it opens the system\'s file dialog.');
    }
  };

  return {
    async browse({ path }) {
      refusedInDesktopApp();
      const folder = realPathOf(path ?? homedir());
      let items: Dirent[];
      try {
        if (!statSync(folder).isDirectory()) throw new StudioError('SOURCE_UNSUPPORTED', `${folder} is a file, not a folder.`, 'Browse the folder that holds it.', { where: { file: folder } });
        items = readdirSync(folder, { withFileTypes: true });
      } catch (err) {
        if (err instanceof StudioError) throw err;
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') throw new StudioError('SOURCE_PERMISSION_DENIED', `You may not open the folder ${folder}.`, 'Pick another folder, or ask whoever manages this computer for access.', { where: { file: folder }, cause: err });
        throw new StudioError('SOURCE_NOT_FOUND', `There is no folder at ${folder}.`, 'Go back to your home folder and browse from there.', { where: { file: folder }, cause: err });
      }
      const allowed = projectAllowances(state);
      const entries = items
        .slice(0, MAX_LISTED_ENTRIES)
        .map((item) => describe(folder, item, (p) => state.grants.reasonFor(p, allowed) !== null))
        .sort((a, b) => (a.kind === 'folder') !== (b.kind === 'folder') ? (a.kind === 'folder' ? -1 : 1) : a.name.localeCompare(b.name));
      const parent = dirname(folder);
      return { path: folder, parent: parent === folder ? null : parent, home: homedir(), roots: roots(platform), entries, truncated: items.length > MAX_LISTED_ENTRIES };
    },
    async grant({ path }) {
      refusedInDesktopApp();
      return grantPath(state, resolve(path), 'picked');
    },
  };
}

function describe(folder: string, item: Dirent, isProtected: (path: string) => boolean): FolderEntry {
  const path = join(folder, item.name);
  let kind: FolderEntry['kind'] = item.isDirectory() ? 'folder' : item.isFile() ? 'file' : 'other';
  let size: number | null = null;
  if (item.isSymbolicLink() || kind === 'file') {
    try {
      const stat = statSync(path);
      kind = stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'other';
      size = stat.isFile() ? stat.size : null;
    } catch {
      kind = 'other';
    }
  }
  return { name: item.name, path, kind, size, protected: kind === 'other' ? false : isProtected(path) };
}

/** Where browsing can start: `/`, or each drive that exists on Windows. */
function roots(platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return ['/'];
  const drives: string[] = [];
  for (let c = 65; c <= 90; c++) {
    const drive = `${String.fromCharCode(c)}:\\`;
    if (existsSync(drive)) drives.push(drive);
  }
  return drives;
}
