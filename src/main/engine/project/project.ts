import type { MigrationStatus } from '../../../shared/model/counters';
import type { ProjectInfo } from '../../../shared/model/project';
import type { Settings, TargetProfile } from '../../../shared/model/settings';
import type { ProjectFile } from './project-file';
import { kyselyFor, type ProjectDb } from './schema';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', maskPersonalData: true, batchSize: 500 };

export const DEFAULT_TARGET: TargetProfile = {
  name: 'Local sandbox',
  kind: 'embedded-sandbox',
  baseUrl: null,
  apiVersion: 'v1',
  auth: 'oauth2',
  clientId: null,
  hasSecret: false,
  schoolId: 'DEMO',
};

/** An open project: the file plus typed access to its metadata. Repositories hang off `k`. */
export class Project {
  readonly k: ProjectDb;

  constructor(readonly file: ProjectFile) {
    this.k = kyselyFor(file.db);
  }

  get path(): string {
    return this.file.path;
  }

  get db() {
    return this.file.db;
  }

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  metaJson<T>(key: string, fallback: T): T {
    const raw = this.meta(key);
    if (raw === null) return fallback;
    try {
      return { ...fallback, ...(JSON.parse(raw) as T) };
    } catch {
      return fallback;
    }
  }

  settings(): Settings {
    return this.metaJson('settings', DEFAULT_SETTINGS);
  }

  target(): TargetProfile {
    return this.metaJson('target', DEFAULT_TARGET);
  }

  info(): ProjectInfo {
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      path: this.path,
      name: this.meta('name') ?? 'Untitled project',
      createdAt: this.meta('createdAt') ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      migrationStatus: (this.meta('migrationStatus') as MigrationStatus | null) ?? 'Planning',
      isDemo: this.meta('isDemo') === 'true',
      counts: { connections: count('connections'), mappings: count('mappings'), runs: count('runs') },
    };
  }

  close(): void {
    this.file.close();
  }
}
