import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { RecentProject } from '../../../shared/model/project';

const MAX_RECENT = 12;

/** The recent-projects list, kept in the user's configuration folder (not in any project). */
export class RecentProjects {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = join(configDir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    return this.read().map((r) => ({ ...r, exists: existsSync(r.path) }));
  }

  remember(path: string, name: string, now = new Date()): void {
    const rest = this.read().filter((r) => r.path !== path);
    const next = [{ path, name, openedAt: now.toISOString() }, ...rest].slice(0, MAX_RECENT);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  private read(): Omit<RecentProject, 'exists'>[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((r) => typeof r?.path === 'string') : [];
    } catch {
      return [];
    }
  }
}
