import Database from 'better-sqlite3';
import { APPLICATION_ID } from '../../src/main/engine/project/project-file';
import { MIGRATIONS } from '../../src/main/engine/project/migrations';

/**
 * A project file as a studio of schema `version` left it: every migration up to that version
 * applied, the version recorded. The caller adds the rows an upgrade must keep, then closes it;
 * opening it with `openProjectFile` runs the migrations after it (each migration's own test).
 */
export function olderProjectFile(file: string, version: number): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const m of MIGRATIONS.filter((m) => m.version <= version)) m.up(db);
  db.pragma(`user_version = ${version}`);
  return db;
}
