import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Engine, EngineOptions } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import type { EntityMappingInput } from '../../../src/shared/model/mapping-api';

/** A small legacy school in SQLite: the DEMO school and ten pupils, each stamped with a local wall-clock `UPDATED`. */
export function writeLegacy(file: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE SCHOOL (CODE TEXT PRIMARY KEY, NAME TEXT)');
  db.prepare('INSERT INTO SCHOOL VALUES (?, ?)').run('DEMO', 'Demo School');
  db.exec('CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, FIRST TEXT, LAST TEXT, DOB TEXT, UPDATED TEXT)');
  const ins = db.prepare('INSERT INTO PUPILS VALUES (?, ?, ?, ?, ?)');
  for (let i = 1; i <= 10; i++) ins.run(i, `First${i}`, `Last${i}`, `2012-01-${String(i).padStart(2, '0')}`, `2026-03-01 10:00:${String(i).padStart(2, '0')}`);
  db.close();
}

/** Runs SQL against the legacy file (the school's system changing between syncs). */
export function legacy(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** A student as the embedded sandbox stores it (its own SQLite file beside the project). */
export function targetStudent(project: string, externalId: string): { fields: Record<string, unknown>; deleted: boolean } | null {
  const db = new Database(`${project.replace(/\.apstudio$/, '')}.sandbox.sqlite`, { readonly: true });
  try {
    const row = db.prepare("SELECT fields, deleted FROM records WHERE entity = 'students' AND external_id = ?").get(externalId) as { fields: string; deleted: number } | undefined;
    return row ? { fields: JSON.parse(row.fields) as Record<string, unknown>, deleted: row.deleted === 1 } : null;
  } finally {
    db.close();
  }
}

export const studentsMapping = (connectionId: string): EntityMappingInput => ({
  entity: 'students',
  connectionId,
  stream: 'PUPILS',
  keyColumns: ['PUPIL_NO'],
  fields: [
    { field: 'firstName', column: 'FIRST', transforms: [] },
    { field: 'lastName', column: 'LAST', transforms: [] },
    { field: 'birthDate', column: 'DOB', transforms: [] },
    { field: 'gender', column: null, transforms: [{ kind: 'constant', value: 'unknown' }] },
    { field: 'gradeLevel', column: null, transforms: [{ kind: 'constant', value: '07' }] },
    { field: 'enrollmentStatus', column: null, transforms: [{ kind: 'constant', value: 'active' }] },
  ],
});

/** A project on the embedded sandbox, migrated once (schools, students): the baseline of every sync. */
export async function migratedProject(dir: string, options: Partial<EngineOptions> = {}): Promise<{ engine: Engine; project: string; legacyFile: string; connectionId: string }> {
  const legacyFile = join(dir, 'legacy.sqlite');
  writeLegacy(legacyFile);
  const project = join(dir, 'school.apstudio');
  const engine = createHostEngine({ host: 'cli', configDir: join(dir, 'config'), ...options });
  await engine.api.projects.create({ path: project, name: 'Sync' });
  // The studio's hosts read only files a person picked; the CLI reads what it is told.
  if (options.host && options.host !== 'cli') await engine.grant(legacyFile, 'picked');
  const { id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacyFile}` });
  await engine.api.connections.discover({ id: connectionId });
  await engine.api.settings.update({ maskPersonalData: false });
  await engine.api.mappings.create({ mapping: { entity: 'schools', connectionId, stream: 'SCHOOL', keyColumns: ['CODE'], fields: [{ field: 'name', column: 'NAME', transforms: [] }] } });
  await engine.api.mappings.create({ mapping: studentsMapping(connectionId) });
  const { runId } = await engine.api.runs.start({ entities: ['schools', 'students'] });
  await engine.idle();
  const run = await engine.api.runs.get({ runId });
  if (run.status !== 'Completed' || run.counters.created !== 11) throw new Error(`The migration did not load the school: ${JSON.stringify(run)}`);
  return { engine, project, legacyFile, connectionId };
}
