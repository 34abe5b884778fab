import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_SCHOOL_CODE, generateLegacySchool } from './demo/generate-legacy-school';
import { demoMappings } from './demo/demo-mappings';
import { createProjectFile, openProjectFile } from './project/project-file';
import { ConnectionsRepo } from './project/connections-repo';
import { MappingsRepo } from './project/mappings-repo';
import { DEFAULT_TARGET, Project } from './project/project';
import { STUDIO_VERSION } from './version';

/** The demo's legacy database sits beside its project file. */
export function demoLegacyFileFor(projectPath: string): string {
  return projectPath.replace(/\.apstudio$/i, '') + '-legacy-school.sqlite';
}

/**
 * Opens the demo project, creating it on first use: a generated legacy school (deterministic,
 * so it can be regenerated if deleted), a connection to it, mappings onto Academia Pro and the
 * embedded sandbox as target. Opening it again changes nothing, so a second run of the demo
 * finds its records `unchanged` in the sandbox.
 */
export async function setupDemoProject(path: string, opts: { app: string; now: Date; pupils?: number }): Promise<Project> {
  const legacyFile = demoLegacyFileFor(path);
  mkdirSync(dirname(path), { recursive: true });
  const manifest = existsSync(legacyFile) ? null : await generateLegacySchool({ file: legacyFile, pupils: opts.pupils ?? 2000, seed: 42 });
  if (existsSync(path)) return new Project(openProjectFile(path, opts.app));

  // The generator is deterministic, so an existing legacy file has the same school code.
  const schoolCode = manifest?.schoolCode ?? DEMO_SCHOOL_CODE;
  const project = new Project(
    createProjectFile(path, opts.app, {
      name: 'Demo school migration',
      createdAt: opts.now.toISOString(),
      appVersion: STUDIO_VERSION,
      migrationStatus: 'Planning',
      isDemo: 'true',
    }),
  );
  try {
    const connectionId = await new ConnectionsRepo(project).add({ name: 'Legacy SIS (demo)', kind: 'sqlite', location: `sqlite:${legacyFile}`, config: { file: legacyFile } }, opts.now);
    const mappings = new MappingsRepo(project);
    for (const m of demoMappings(connectionId, schoolCode)) await mappings.save(m);
    project.setMeta('target', JSON.stringify({ ...DEFAULT_TARGET, name: 'Embedded sandbox', schoolId: schoolCode }));
    return project;
  } catch (err) {
    project.close();
    throw err;
  }
}
