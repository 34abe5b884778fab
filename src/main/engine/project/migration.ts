import type { SqliteDatabase } from '../../../platform/open-sqlite';

/** One schema migration of the project file (the ordered list is `MIGRATIONS` in migrations.ts). */
export interface Migration {
  version: number;
  description: string;
  up(db: SqliteDatabase): void;
}
