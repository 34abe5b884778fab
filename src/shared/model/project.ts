import type { MigrationStatus } from './counters';

/** Project files end in this extension. */
export const PROJECT_EXTENSION = '.apstudio';

/** What the UI and CLI know about the open project. */
export interface ProjectInfo {
  /** Absolute path of the `.apstudio` file. */
  path: string;
  name: string;
  createdAt: string;
  /** Schema version of the file (SQLite user_version). */
  schemaVersion: number;
  migrationStatus: MigrationStatus;
  /** True for the bundled demo school project. */
  isDemo: boolean;
  counts: { connections: number; mappings: number; runs: number };
}

/** A recently opened project, for the Projects screen. */
export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}
