import { StudioError } from '../../shared/errors';
import { startSandbox } from '../../sandbox/index';
import type { TargetSession } from './pipeline/target-session';
import type { ProjectSession } from './project-session';
import { AcademiaClient } from './target/academia-client';
import { loadTargetContract } from './target/contract';

/** Where the embedded sandbox of a project keeps its data: beside the project file. */
export function sandboxDataFileFor(projectPath: string): string {
  return projectPath.replace(/\.apstudio$/i, '') + '.sandbox.sqlite';
}

/**
 * Connects a project to its target. For the embedded sandbox that means starting it in-process
 * on a free port (once per open project) with its data beside the project, so a second run sees
 * what the first one pushed.
 */
export async function resolveTarget(session: ProjectSession, cache: { current?: Promise<TargetSession> }): Promise<TargetSession> {
  if (cache.current) return cache.current;
  const profile = session.project.target();
  const contract = loadTargetContract(profile.apiVersion);
  if (profile.kind !== 'embedded-sandbox') {
    throw new StudioError('TARGET_AUTH_FAILED', `The target "${profile.name}" needs its client secret, and this version of the studio keeps secrets only for the embedded sandbox.`, 'Use the embedded sandbox for rehearsals until the secret vault is available.');
  }
  cache.current = (async () => {
    const sandbox = await startSandbox({ port: 0, dataFile: sandboxDataFileFor(session.project.path) });
    session.onClose(() => sandbox.close());
    const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: profile.schoolId });
    return { client, contract, schoolId: profile.schoolId, baseUrl: sandbox.url };
  })();
  cache.current.catch(() => (cache.current = undefined));
  return cache.current;
}
