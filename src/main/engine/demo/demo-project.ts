import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_SCHOOL_CODE, generateLegacySchool } from './generate-legacy-school';
import { demoMappings } from './demo-mappings';
import type { EntityMapping } from '../../../shared/model/mapping';
import { buildProjectFile, openProjectFile, type ProjectBuildStep } from '../project/project-file';
import { ConnectionsRepo } from '../project/connections-repo';
import { MappingsRepo } from '../project/mappings-repo';
import { DEFAULT_TARGET, Project } from '../project/project';
import { makeOwnerOnlyDir } from '../../../platform/owner-only';
import { STUDIO_VERSION } from '../../../platform/version';

import { demoLegacyFileFor } from './demo-files';

export { demoLegacyFileFor };

/** Each point the demo's setup passes, in order (a crash test stops the process at each one). */
export type DemoSetupStep = 'folder-ready' | 'legacy-chunk-written' | 'legacy-ready' | 'connection-added' | 'mapping-saved' | 'target-set' | ProjectBuildStep;

export interface DemoSetupOptions {
  app: string;
  now: Date;
  /** Pupils of a newly generated legacy school (default 2000). */
  pupils?: number;
  /** Told each step as it is passed. */
  onStep?: (step: DemoSetupStep) => void;
  /**
   * false: build the project without mappings, for the engine to create them through the
   * `mappings` service as a user would (`projects.openDemo` does; see `demoMappingInputs`).
   * Default true: the mappings are saved into the file as it is built (scripts and tests).
   */
  mappings?: boolean;
}

/** What the engine creates through `mappings.create` for a demo project built without mappings. */
export function demoMappingInputs(connectionId: string, schoolCode = DEMO_SCHOOL_CODE): Omit<EntityMapping, 'updatedAt'>[] {
  return demoMappings(connectionId, schoolCode).map(({ updatedAt: _updatedAt, ...input }) => input);
}

/**
 * Opens the demo project, creating it on first use: a generated legacy school (deterministic,
 * so it can be regenerated if deleted), a connection to it, mappings onto Academia Pro and the
 * embedded sandbox as target. Opening it again changes nothing, so a second run of the demo
 * finds its records `unchanged` in the sandbox.
 *
 * Setup survives being killed at any point: the legacy school is written under a temporary name
 * and renamed when complete, and the project is built beside its name and renamed only once its
 * connection, mappings and target are in (`buildProjectFile`), so the next start either finds the
 * finished demo or builds it again.
 */
export async function setupDemoProject(path: string, opts: DemoSetupOptions): Promise<Project> {
  const step = opts.onStep ?? (() => undefined);
  const legacyFile = demoLegacyFileFor(path);
  makeOwnerOnlyDir(dirname(path));
  step('folder-ready');
  const manifest = existsSync(legacyFile) ? null : await generateLegacySchool({ file: legacyFile, pupils: opts.pupils ?? 2000, seed: 42, onProgress: () => step('legacy-chunk-written') });
  step('legacy-ready');
  if (existsSync(path)) return new Project(openProjectFile(path, opts.app));

  // The generator is deterministic, so an existing legacy file has the same school code.
  const schoolCode = manifest?.schoolCode ?? DEMO_SCHOOL_CODE;
  const meta = { name: 'Demo school migration', createdAt: opts.now.toISOString(), appVersion: STUDIO_VERSION, migrationStatus: 'Planning', isDemo: 'true' };
  const file = await buildProjectFile(
    path,
    opts.app,
    meta,
    async (draft) => {
      const project = new Project(draft);
      const connectionId = await new ConnectionsRepo(project).add({ name: 'Legacy SIS (demo)', kind: 'sqlite', location: `sqlite:${legacyFile}`, config: { file: legacyFile } }, opts.now);
      step('connection-added');
      const mappings = new MappingsRepo(project);
      for (const m of opts.mappings === false ? [] : demoMappings(connectionId, schoolCode)) {
        await mappings.save(m);
        step('mapping-saved');
      }
      project.setMeta('target', JSON.stringify({ ...DEFAULT_TARGET, name: 'Embedded sandbox', schoolId: schoolCode }));
      step('target-set');
    },
    step,
  );
  return new Project(file);
}
