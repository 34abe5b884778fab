import { existsSync, renameSync, rmSync } from 'node:fs';
import { StudioError } from '../../../shared/errors';
import { openSqlite, type SqliteDatabase } from '../../../platform/open-sqlite';
import { writeOwnerOnlyFile } from '../../../platform/owner-only';
import type { DemoManifest } from './demo-manifest';
import { LEGACY_TABLES, sqliteCreateTable } from './legacy-schema';
import { SchoolGenerator } from './school-generator';

export type { DemoManifest, PlantedProblem } from './demo-manifest';
export { DEMO_SCHOOL_CODE, YEAR_GROUPS } from './legacy-values';

/** Options of `generateLegacySchool`. */
export interface GenerateLegacySchoolOptions {
  /** The SQLite file to write. */
  file: string;
  /** Rows of PUPILS, duplicate registrations included (default 2000). */
  pupils?: number;
  /** Same seed and size give byte-identical rows (default 42). */
  seed?: number;
  /** Replace an existing file (default: refuse). */
  overwrite?: boolean;
  /** Called after each committed chunk with pupils written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes a deterministic legacy student-information database (one school) to a SQLite file and
 * returns its manifest: table sizes and every planted data problem with its exact row count.
 * Rows stream into the file in batched transactions, so memory stays flat whatever the size;
 * the file is built under a temporary name and renamed at the end, so a half-written school
 * never looks finished. The manifest is also written to `<file>.manifest.json`.
 */
export async function generateLegacySchool(opts: GenerateLegacySchoolOptions): Promise<DemoManifest> {
  const pupils = opts.pupils ?? 2000;
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(pupils) || pupils < 1 || pupils > 10_000_000) {
    throw new StudioError('USAGE', `The demo school cannot have ${pupils} pupils.`, 'Give a whole number of pupils between 1 and 10,000,000.');
  }
  if (!Number.isInteger(seed)) throw new StudioError('USAGE', `The seed ${seed} is not a whole number.`, 'Give a whole number as the seed, e.g. 42.');
  if (existsSync(opts.file) && !opts.overwrite) {
    throw new StudioError('FILE_EXISTS', `${opts.file} already exists, so the demo school was not generated.`, 'Delete or move the file, pick another path, or ask for it to be replaced (overwrite).', { where: { file: opts.file } });
  }

  const partial = `${opts.file}.partial`;
  rmSync(partial, { force: true });
  let db: SqliteDatabase | null = null;
  try {
    db = openSqlite(partial);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -65536');
    for (const table of LEGACY_TABLES) db.exec(sqliteCreateTable(table));
    const generator = new SchoolGenerator(db, pupils, seed);
    await generator.run(opts.onProgress);
    db.close();
    db = null;
    const manifest = generator.manifest();
    writeOwnerOnlyFile(`${opts.file}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`, { overwrite: true });
    renameSync(partial, opts.file);
    return manifest;
  } catch (err) {
    db?.close();
    rmSync(partial, { force: true });
    if (err instanceof StudioError) throw err;
    throw new StudioError('INTERNAL', `The demo school could not be written to ${opts.file}: ${(err as Error).message}`, 'Check that the folder exists, is writable and has free space.', { where: { file: opts.file }, cause: err });
  }
}
