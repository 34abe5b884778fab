import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../../../../shared/errors';
import { diskFileEntry, type FileEntry } from '../file-entry';
import { isNoise } from '../file-formats';

/** Guards against walking a whole disk by mistake. */
const MAX_FILES = 20_000;
const MAX_DEPTH = 16;

/**
 * Every file under a folder, by path relative to it (`/`-separated, sorted), hidden files and
 * macOS leftovers skipped. Symbolic links to files are followed; links to folders are not, so a
 * link loop cannot trap the walk.
 */
export async function walkFolder(root: string): Promise<FileEntry[]> {
  const found: FileEntry[] = [];
  async function visit(dir: string, rel: string, depth: number): Promise<void> {
    if (depth > MAX_DEPTH) return;
    const items = await readdir(dir, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      const relPath = rel ? `${rel}/${item.name}` : item.name;
      if (isNoise(relPath)) continue;
      const abs = join(dir, item.name);
      if (item.isDirectory()) {
        await visit(abs, relPath, depth + 1);
        continue;
      }
      let size: number | null = null;
      if (item.isSymbolicLink()) {
        const target = await stat(abs).catch(() => null);
        if (!target?.isFile()) continue;
        size = target.size;
      } else if (item.isFile()) {
        size = (await stat(abs)).size;
      } else continue;
      found.push(diskFileEntry(abs, relPath, size));
      if (found.length > MAX_FILES) {
        throw new StudioError('SOURCE_UNSUPPORTED', `The folder ${root} holds more than ${MAX_FILES} files.`, 'Point the connection at the sub-folder that holds the export.', { where: { file: root } });
      }
    }
  }
  await visit(root, '', 0);
  return found;
}
